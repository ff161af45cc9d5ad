import { type ReceivedFile, readReceived } from '../shared/http/uploads.ts';
import type { CheckResult } from './check-result.ts';
import { checkBytes, checkText } from './checker.ts';

/** The public checker's use case: check a pasted report or an uploaded file, or say what is missing. */

/** The file types the checker reads. */
export const CHECKER_EXTENSIONS = ['.txt', '.html', '.htm', '.docx', '.pdf'] as const;
/** Largest uploaded report (bytes) and largest pasted text (a multipart field). */
export const CHECKER_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const CHECKER_MAX_TEXT_BYTES = 3 * 1024 * 1024;

export type CheckerOutcome =
  | { readonly ok: true; readonly result: CheckResult }
  | { readonly ok: false; readonly errors: Record<string, string> };

/** Checks the upload when there is one, else the pasted text. */
export async function checkSubmission(text: string, upload: ReceivedFile | null): Promise<CheckerOutcome> {
  if (upload) {
    const ext = (/\.[A-Za-z0-9]{1,5}$/.exec(upload.fileName)?.[0] ?? '').toLowerCase();
    if (upload.truncated)
      return { ok: false, errors: { file: '文件超过 10 MB，请压缩后重试，或粘贴报告文字' } };
    if (!(CHECKER_EXTENSIONS as readonly string[]).includes(ext))
      return { ok: false, errors: { file: '只能上传 .txt、.html、.docx 或 .pdf 文件' } };
    if (upload.size === 0) return { ok: false, errors: { file: '上传的文件是空的' } };
    const bytes = await readReceived(upload);
    return { ok: true, result: await checkBytes(bytes, ext, { fileName: upload.fileName.slice(0, 200) }) };
  }
  if (text.trim() === '') return { ok: false, errors: { text: '请粘贴报告文字，或选择要上传的文件' } };
  return { ok: true, result: checkText(text, { fileName: '粘贴的文字' }) };
}
