/**
 * A reply letter as DOCX following GB/T 9704-2012 (党政机关公文格式), drawn from the same layout model as
 * the PDF (letter-layout.ts): A4, 天头 37 mm, 订口 28 mm (mirrored on even pages), 版心 156 × 225 mm on a
 * document grid of 22 lines × 28 characters; 文号 centred above the title; title 方正小标宋简体 二号; text
 * 仿宋_GB2312 三号 with 黑体 / 楷体_GB2312 headings; 附件说明; the agency's name centred over the date, the
 * date four characters from the right; the seal's place marked while unsealed; page numbers "— N —" in
 * 4号 宋体 at the outer edges (odd pages right, even pages left, one character in).
 * Fonts are named for East Asian text too (w:eastAsia), so Word uses them rather than its defaults.
 */
import {
  AlignmentType,
  convertMillimetersToTwip,
  Document,
  Footer,
  HorizontalPositionRelativeFrom,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  TextRun,
  TextWrappingType,
  VerticalPositionRelativeFrom,
} from 'docx';
import { ShapeRun } from 'docx/shapes';
import JSZip from 'jszip';
import {
  DOC_NUMBER_PENDING,
  type LetterLayout,
  type LetterRenderOptions,
  type LetterRun,
  letterLayout,
} from './letter-layout.ts';

export const DOCX_FONTS = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  h1: '黑体',
  h2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;
/** 三号 = 16 pt, 二号 = 22 pt, 四号 = 14 pt; docx sizes are half-points. */
const BODY_SIZE = 32;
const TITLE_SIZE = 44;
const PAGE_NUMBER_SIZE = 28;
const MM = convertMillimetersToTwip;
/** One of the 22 lines of the 225 mm type area, in twips (Word's 公文 grid pitch). */
const LINE = 579;
/** One of the 28 characters of the 156 mm line, in twips. */
const CHAR = MM(156) / 28;
/** The grid's character pitch against the 16 pt default size, in 1/4096 pt (w:charSpace). */
const CHAR_SPACE = Math.round((((156 / 25.4) * 72) / 28 - 16) * 4096);
/** 印章 of an agency: 42 mm across. */
const SEAL_MM = 42;
const PX_PER_MM = 96 / 25.4;
const EMU_PER_MM = 36000;

function run(text: string, font: string = DOCX_FONTS.body, size = BODY_SIZE): TextRun {
  return new TextRun({
    text,
    font: { eastAsia: font, ascii: font, hAnsi: font, cs: font, hint: 'eastAsia' },
    size,
  });
}

function runsOf(runs: readonly LetterRun[]): TextRun[] {
  return runs.map((r) => run(r.text, r.style === 'body' ? DOCX_FONTS.body : DOCX_FONTS[r.style]));
}

/** Width of a text in characters of the grid: CJK and full-width forms one, the rest half. */
export function widthInChars(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) <= 0xff ? 0.5 : 1;
  return w;
}

const exact = (line: number, before = 0) => ({ line, lineRule: LineRuleType.EXACT, before });

function attachmentParagraphs(l: LetterLayout): Paragraph[] {
  const several = l.attachments.length > 1;
  return l.attachments.map((a, i) => {
    const number = a.number ? `${a.number} ` : '';
    // A wrapped name lines up under its first character (GB/T 9704 §7.3.4).
    const hang = 3 + widthInChars(number);
    return new Paragraph({
      alignment: AlignmentType.LEFT,
      indent: { left: Math.round(CHAR * (2 + hang)), hanging: Math.round(CHAR * hang) },
      spacing: exact(LINE, i === 0 ? LINE : 0),
      children: [run(`${i === 0 ? '附件：' : '\u3000\u3000\u3000'}${several ? number : ''}${a.name}`)],
    });
  });
}

/** The seal's place: a light dashed circle labelled 印章, centred on the date, from just under the text. */
function sealMark(dateChars: number): ShapeRun {
  const dateCentreMm = 156 - (4 + dateChars / 2) * (156 / 28);
  return new ShapeRun({
    type: 'ellipse',
    transformation: { width: Math.round(SEAL_MM * PX_PER_MM), height: Math.round(SEAL_MM * PX_PER_MM) },
    line: { color: 'E6A0A0', width: 1, dash: 'dash' },
    text: '印章',
    textOptions: { verticalAlignment: 'top', margins: { top: 24 } },
    altText: { name: '印章位置', description: '加盖印章的位置', title: '印章' },
    floating: {
      horizontalPosition: {
        relative: HorizontalPositionRelativeFrom.MARGIN,
        offset: Math.round((dateCentreMm - SEAL_MM / 2) * EMU_PER_MM),
      },
      verticalPosition: { relative: VerticalPositionRelativeFrom.PARAGRAPH, offset: 0 },
      allowOverlap: true,
      behindDocument: true,
      wrap: { type: TextWrappingType.NONE },
    },
  });
}

function signatureParagraphs(l: LetterLayout): Paragraph[] {
  const s = l.signature;
  if (!s) return [];
  const dateChars = widthInChars(s.date);
  const out = s.agencies.map((agency, i) => {
    // Centred over the date: the name's right edge moves in by half the difference of their widths.
    const right = Math.max(0, Math.round(CHAR * (4 + (dateChars - widthInChars(agency)) / 2)));
    const children: ParagraphChild[] = [run(agency)];
    if (i === 0 && l.sealMark) children.unshift(sealMark(dateChars));
    return new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right },
      spacing: exact(LINE, i === 0 ? LINE * 2 : 0),
      keepNext: true,
      keepLines: true,
      children,
    });
  });
  out.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: Math.round(CHAR * 4) },
      spacing: exact(LINE),
      keepLines: true,
      children: [run(s.date)],
    }),
  );
  return out;
}

/** "— N —" one character in from the outer edge: right on odd pages, left on even ones. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const font = DOCX_FONTS.pageNumber;
  const runOf = (children: (string | (typeof PageNumber)[keyof typeof PageNumber])[]) =>
    new TextRun({
      children,
      font: { eastAsia: font, ascii: font, hAnsi: font, hint: 'eastAsia' },
      size: PAGE_NUMBER_SIZE,
    });
  const oneChar = Math.round(MM(25.4 / 72) * 14); // 一字 of 四号 (14 pt)
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
        children: [runOf(['— ', PageNumber.CURRENT, ' —'])],
      }),
    ],
  });
}

/** Turns on 对称页边距 (w:mirrorMargins), which the docx library does not write, in word/settings.xml. */
async function mirrorMargins(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const file = zip.file('word/settings.xml');
  if (!file) return docx;
  const xml = await file.async('string');
  if (xml.includes('<w:mirrorMargins')) return docx;
  // CT_Settings order: mirrorMargins comes before these; put it before the first of them present.
  const after =
    /<w:(alignBordersAndEdges|bordersDoNotSurround|gutterAtTop|hideSpellingErrors|hideGrammaticalErrors|activeWritingStyle|proofState|formsDesign|attachedTemplate|linkStyles|stylePaneFormatFilter|stylePaneSortMethod|documentType|mailMerge|revisionView|trackRevisions|doNotTrackMoves|doNotTrackFormatting|documentProtection|autoFormatOverride|styleLockTheme|styleLockQFSet|defaultTabStop|autoHyphenation|consecutiveHyphenLimit|hyphenationZone|doNotHyphenateCaps|showEnvelope|summaryLength|clickAndTypeStyle|defaultTableStyle|evenAndOddHeaders|bookFoldRevPrinting|bookFoldPrinting|bookFoldPrintingSheets|drawingGridHorizontalSpacing|drawingGridVerticalSpacing|displayHorizontalDrawingGridEvery|displayVerticalDrawingGridEvery|doNotUseMarginsForDrawingGridOrigin|drawingGridHorizontalOrigin|drawingGridVerticalOrigin|doNotShadeFormData|noPunctuationKerning|characterSpacingControl|printTwoOnOne|strictFirstAndLastChars|noLineBreaksAfter|noLineBreaksBefore|savePreviewPicture|doNotValidateAgainstSchema|saveInvalidXml|ignoreMixedContent|alwaysShowPlaceholderText|doNotDemarcateInvalidXml|saveXmlDataOnly|useXSLTWhenSaving|saveThroughXslt|showXMLTags|alwaysMergeEmptyNamespace|updateFields|hdrShapeDefaults|footnotePr|endnotePr|compat|docVars|rsids|mathPr|attachedSchema|themeFontLang|clrSchemeMapping|doNotIncludeSubdocsInStats|doNotAutoCompressPictures|forceUpgrade|captions|readModeInkLockDown|smartTagType|schemaLibrary|shapeDefaults|doNotEmbedSmartTags|decimalSymbol|listSeparator)\b/;
  const m = after.exec(xml);
  const patched = m
    ? `${xml.slice(0, m.index)}<w:mirrorMargins/>${xml.slice(m.index)}`
    : xml.replace('</w:settings>', '<w:mirrorMargins/></w:settings>');
  zip.file('word/settings.xml', patched);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * The letter as DOCX; `attachments` are the file names listed as 附件 (numbered when several); `options`
 * give the 文号 and whether to mark the seal's place.
 */
export async function letterDocx(
  title: string,
  body: string,
  attachments: readonly string[] = [],
  options: LetterRenderOptions = {},
): Promise<Buffer> {
  const l = letterLayout(title, body, attachments, options);
  const children: Paragraph[] = [];
  if (l.docNumber !== null)
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: exact(LINE),
        children: [
          l.docNumber === DOC_NUMBER_PENDING
            ? new TextRun({ text: l.docNumber, color: '767676', font: DOCX_FONTS.body, size: BODY_SIZE })
            : run(l.docNumber),
        ],
      }),
    );
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...exact(Math.round(LINE * 1.25), l.docNumber !== null ? LINE : 0), after: LINE },
      children: [run(l.title, DOCX_FONTS.title, TITLE_SIZE)],
    }),
  );
  if (l.addressee)
    children.push(
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        spacing: exact(LINE),
        children: [run(l.addressee)],
      }),
    );
  for (const runs of l.paragraphs)
    children.push(
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: { firstLine: Math.round(CHAR * 2) },
        spacing: exact(LINE),
        children: runsOf(runs),
      }),
    );
  children.push(...attachmentParagraphs(l), ...signatureParagraphs(l));
  const doc = new Document({
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: {
              eastAsia: DOCX_FONTS.body,
              ascii: DOCX_FONTS.body,
              hAnsi: DOCX_FONTS.body,
              cs: DOCX_FONTS.body,
            },
            size: BODY_SIZE,
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: MM(210), height: MM(297) },
            margin: {
              top: MM(37),
              bottom: MM(35),
              left: MM(28),
              right: MM(26),
              // The numbers' line starts 7 mm under the type area.
              footer: MM(35 - 7 - 5.5),
            },
          },
          grid: { type: 'linesAndChars', linePitch: LINE, charSpace: CHAR_SPACE },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
  return mirrorMargins(await Packer.toBuffer(doc));
}
