/**
 * A reply letter as DOCX following the conventions of GB/T 9704-2012 (党政机关公文格式): A4, margins
 * top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 小标宋 二号 centred; body in 仿宋_GB2312 三号
 * (16 pt) with a 2-character first-line indent and 28 pt line spacing; the salutation flush left; the
 * signature and date right-aligned.
 */
import { AlignmentType, convertMillimetersToTwip, Document, Packer, Paragraph, TextRun } from 'docx';
import { attachmentLines } from './documents.rules.ts';

const BODY_FONT = '仿宋_GB2312';
const TITLE_FONT = '方正小标宋简体';
/** 三号 = 16 pt; docx sizes are half-points. */
const BODY_SIZE = 32;
/** 二号 = 22 pt. */
const TITLE_SIZE = 44;
/** Fixed line spacing of 28 pt, in twips. */
const LINE = 560;

function run(text: string, font = BODY_FONT, size = BODY_SIZE): TextRun {
  return new TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size });
}

/** The letter as DOCX; `attachments` are the file names listed as 附件 (numbered when several). */
export async function letterDocx(
  title: string,
  body: string,
  attachments: readonly string[] = [],
): Promise<Buffer> {
  const paras = body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const last = paras.length - 1;
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: LINE, after: LINE },
      children: [run(title, TITLE_FONT, TITLE_SIZE)],
    }),
  ];
  const notes = attachmentLines(attachments);
  const addNotes = () =>
    // 附件说明 (GB/T 9704 §7.3.4): one blank line after the text, indented two characters.
    notes.forEach((line, k) => {
      children.push(
        new Paragraph({
          alignment: AlignmentType.LEFT,
          indent: { left: 640 },
          spacing: { line: LINE, ...(k === 0 ? { before: LINE } : {}) },
          children: [run(line)],
        }),
      );
    });
  let notesDone = notes.length === 0;
  paras.forEach((p, i) => {
    const lines = p.split('\n');
    const salutation = i === 0 && p.endsWith('：');
    const signature = i === last && lines.length <= 3 && !p.includes('。');
    if (signature && !notesDone) {
      addNotes();
      notesDone = true;
    }
    lines.forEach((line) => {
      children.push(
        new Paragraph({
          alignment: signature ? AlignmentType.RIGHT : AlignmentType.JUSTIFIED,
          indent: salutation || signature ? undefined : { firstLine: 640 },
          spacing: { line: LINE },
          children: [run(line)],
        }),
      );
    });
  });
  if (!notesDone) addNotes();
  const doc = new Document({
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
