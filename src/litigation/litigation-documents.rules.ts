import {
  detectFileType,
  extensionOf,
  FILE_TYPES,
  type FileType,
  MAX_BYTES,
  sizeProblem,
} from '../catalogue/attachments.rules.ts';
import type { StoredFile } from '../shared/stored-file.ts';

/**
 * Documents of a reconsideration or litigation case (复议决定书, 判决书…). Files follow the catalogue's
 * attachment rules (type decided by the first bytes, which must agree with the extension; size limit
 * per kind); only documents (PDF, Word…) and images (scans) are accepted. Pure, no I/O.
 */

export const LITIGATION_DOCUMENT_KINDS = [
  'reviewDecision',
  'judgment',
  'ruling',
  'complaint',
  'defence',
  'other',
] as const;
export type LitigationDocumentKind = (typeof LITIGATION_DOCUMENT_KINDS)[number];

export const LITIGATION_DOCUMENT_KIND_LABELS: Readonly<Record<LitigationDocumentKind, string>> = {
  reviewDecision: '复议决定书',
  judgment: '判决书',
  ruling: '裁定书',
  complaint: '起诉状',
  defence: '答辩状',
  other: '其他',
};

/** The largest file accepted (a document; scans as images are limited lower by their kind). */
export const MAX_DOCUMENT_BYTES = MAX_BYTES.document;

/** A stored document of a case (the bytes are under UPLOAD_DIR/litigation). */
export interface LitigationDocument extends StoredFile {
  readonly caseId: number;
  readonly agencyId: number;
  readonly kind: LitigationDocumentKind;
  readonly createdBy: number | null;
}

export function isLitigationDocumentKind(v: unknown): v is LitigationDocumentKind {
  return typeof v === 'string' && (LITIGATION_DOCUMENT_KINDS as readonly string[]).includes(v);
}

export interface ReceivedFile {
  readonly fileName: string;
  readonly size: number;
  /** The first bytes of the file (magic-number check). */
  readonly head: Buffer;
  /** True when the upload was cut at the size limit. */
  readonly truncated: boolean;
}

export type UploadCheck =
  | {
      readonly ok: true;
      readonly kind: LitigationDocumentKind;
      readonly type: FileType;
      readonly fileName: string;
    }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** Checks the form of one upload: the document kind and the file. Every problem at once, keyed by field. */
export function checkUpload(kind: unknown, file: ReceivedFile | null): UploadCheck {
  const errors: Record<string, string> = {};
  if (!isLitigationDocumentKind(kind)) errors.kind = '请选择文书类型';
  let type: FileType | null = null;
  if (!file?.fileName) errors.file = '请选择要上传的文件';
  else {
    const ext = extensionOf(file.fileName);
    const t = detectFileType(file.fileName, file.head);
    if (!FILE_TYPES.some((x) => x.ext.includes(ext) && (x.kind === 'document' || x.kind === 'image')))
      errors.file = '案件文书只能上传 PDF、Word、Excel 文档或扫描图片（PNG、JPEG、GIF、WebP）';
    else if (typeof t === 'string') errors.file = t;
    else if (t.kind !== 'document' && t.kind !== 'image')
      errors.file = '案件文书只能上传 PDF、Word、Excel 文档或扫描图片（PNG、JPEG、GIF、WebP）';
    else if (file.truncated) errors.file = `文件超过 ${Math.round(MAX_DOCUMENT_BYTES / 1024 / 1024)} MB`;
    else {
      const tooBig = sizeProblem(t, file.size);
      if (tooBig) errors.file = tooBig;
      else type = t;
    }
  }
  if (Object.keys(errors).length > 0 || !type || !isLitigationDocumentKind(kind))
    return { ok: false, errors };
  return { ok: true, kind, type, fileName: safeFileName(file?.fileName ?? '') };
}

/** The file name as shown and sent back: no path separators or control characters, at most 120 characters. */
export function safeFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we replace
  const clean = name.replace(/[\\/\u0000-\u001f]/g, '_');
  const ext = extensionOf(clean);
  if (clean.length <= 120) return clean;
  return ext ? `${clean.slice(0, 119 - ext.length)}.${ext}` : clean.slice(0, 120);
}

export { extensionOf };
