/**
 * The elements of a reply letter as GB/T 9704-2012 (党政机关公文格式) places them, read from the stored
 * letter: 发文字号, 标题, 主送, 正文 (with first- and second-level headings), 附件说明, 发文机关署名,
 * 成文日期 and where the seal goes. Pure; the HTML/PDF (letter-html.tsx) and DOCX (letter-docx.ts)
 * renderings both draw this model, so the three renderings cannot disagree (docs/domain/letters.md#layout).
 *
 * The stored body is the clerk's editable text: the first paragraph is the 主送 when it is one line ending
 * with "：", the last paragraph is the signature when its last line is a date and no line ends a sentence.
 */
import type { Letter } from './application.model.ts';

/** Shown where the 文号 goes while a letter is a draft (the number is given on approval). */
export const DOC_NUMBER_PENDING = '（文号在审核通过后生成）';

/** A run of text in one style: body 仿宋, first-level heading 黑体, second-level heading 楷体. */
export interface LetterRun {
  readonly text: string;
  readonly style: 'body' | 'h1' | 'h2';
}

export interface LetterAttachmentNote {
  /** "1." when there are several attachments, null for a single one. */
  readonly number: string | null;
  /** The attachment's name without its file extension (GB/T 9704 §7.3.4: no punctuation after it). */
  readonly name: string;
}

export interface LetterLayout {
  /** 发文字号; DOC_NUMBER_PENDING for a draft; null when the caller gave no 文号 at all. */
  readonly docNumber: string | null;
  readonly title: string;
  /** 主送 with its "：", or null when the text has none. */
  readonly addressee: string | null;
  /** 正文: one entry per line of the text, each indented two characters. */
  readonly paragraphs: readonly (readonly LetterRun[])[];
  /** 附件说明 lines, empty when the letter has no attachment. */
  readonly attachments: readonly LetterAttachmentNote[];
  /** 发文机关署名 (one line per agency) and 成文日期, or null when the text ends without them. */
  readonly signature: { readonly agencies: readonly string[]; readonly date: string } | null;
  /** Whether to mark where the seal goes (the letter is not sealed yet). */
  readonly sealMark: boolean;
}

/** What a rendering needs beyond the title, body and attachment names. */
export interface LetterRenderOptions {
  /** The 文号: null for a draft (DOC_NUMBER_PENDING is shown), undefined to leave the line out. */
  readonly docNumber?: string | null;
  /** Mark the seal position (a letter that is not sealed yet). */
  readonly sealPending?: boolean;
}

/**
 * Whether a letter still waits for its seal: until it is sent (the seal is recorded then, migration 0012),
 * or when it went out unsealed. A letter sent before the seal was recorded (null) is not marked.
 */
export function sealPending(letter: Pick<Letter, 'status' | 'seal'>): boolean {
  return letter.status !== 'sent' || letter.seal === 'none';
}

/** The render options of a stored letter. */
export function renderOptionsOf(letter: Pick<Letter, 'status' | 'seal' | 'docNumber'>): LetterRenderOptions {
  return { docNumber: letter.docNumber, sealPending: sealPending(letter) };
}

const DATE_LINE = /^(\d{4}年\d{1,2}月\d{1,2}日|_+年_+月_+日)$/;
const H1 = /^[一二三四五六七八九十]+、/;
const H2 = /^（[一二三四五六七八九十]+）/;

/** A line of the text in runs: a heading up to its first "。" in 黑体 or 楷体, the rest in 仿宋. */
export function runsOf(line: string): LetterRun[] {
  const style = H1.test(line) ? 'h1' : H2.test(line) ? 'h2' : 'body';
  if (style === 'body') return [{ text: line, style }];
  const end = line.indexOf('。');
  if (end < 0 || end === line.length - 1) return [{ text: line, style }];
  return [
    { text: line.slice(0, end + 1), style },
    { text: line.slice(end + 1), style: 'body' },
  ];
}

/** The 附件说明 of the named files: numbered "1." … when several, extensions dropped. */
export function attachmentNotes(fileNames: readonly string[]): LetterAttachmentNote[] {
  const names = fileNames.map((n) => n.replace(/\.[A-Za-z0-9]{1,8}$/, '').trim()).filter(Boolean);
  return names.map((name, i) => ({ number: names.length > 1 ? `${i + 1}.` : null, name }));
}

function signatureOf(paragraph: string): LetterLayout['signature'] {
  const lines = paragraph.split('\n').map((l) => l.trim());
  const date = lines.at(-1) ?? '';
  const agencies = lines.slice(0, -1).filter(Boolean);
  if (!DATE_LINE.test(date) || agencies.length === 0 || agencies.length > 3) return null;
  if (agencies.some((a) => /[。：；！？]$/.test(a))) return null;
  return { agencies, date };
}

/** The letter's elements in the order and places GB/T 9704 gives them. */
export function letterLayout(
  title: string,
  body: string,
  attachments: readonly string[] = [],
  options: LetterRenderOptions = {},
): LetterLayout {
  const paras = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  let addressee: string | null = null;
  const first = paras[0];
  if (first !== undefined && !first.includes('\n') && first.endsWith('：') && first.length <= 60) {
    addressee = first;
    paras.shift();
  }
  const last = paras.at(-1);
  const signature = last === undefined ? null : signatureOf(last);
  if (signature) paras.pop();
  const paragraphs = paras.flatMap((p) =>
    p
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map(runsOf),
  );
  return {
    docNumber: options.docNumber === undefined ? null : options.docNumber?.trim() || DOC_NUMBER_PENDING,
    title: title.trim(),
    addressee,
    paragraphs,
    attachments: attachmentNotes(attachments),
    signature,
    sealMark: options.sealPending ?? false,
  };
}
