import {
  AlignmentType,
  Document,
  Footer,
  ImageRun,
  type IRunOptions,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { formatChineseDate } from '../../calendar/dates.ts';
import { loadChartEngine, renderChartSvg } from '../../shared/charts/chart.ts';
import { PdfUnavailableError, type PngPicture, svgsToPng } from '../../shared/pdf.ts';
import { FORMATS } from '../format/formats.ts';
import {
  type NarrativeSection,
  narrativeHeading,
  paragraphs,
  printCell,
  type ReportDocument,
  reportTitle,
} from '../report.model.ts';
import { reportTrendCharts } from '../trends.charts.ts';
import { MAIN_FIGURES, yearOnYearTexts } from '../trends.rules.ts';

/**
 * DOCX following 党政机关公文格式 GB/T 9704-2012: A4; margins top 37 mm, bottom 35 mm, left 28 mm,
 * right 26 mm; title 二号方正小标宋简体; body 三号仿宋_GB2312 (Word substitutes 仿宋 / FangSong when
 * the GB2312 face is missing); first-level headings 三号黑体; page numbers `— N —` 四号 in the footer.
 */
const MM = 56.7; // twips per millimetre
const A4 = { width: Math.round(210 * MM), height: Math.round(297 * MM) };
const MARGINS = {
  top: Math.round(37 * MM),
  bottom: Math.round(35 * MM),
  left: Math.round(28 * MM),
  right: Math.round(26 * MM),
  header: Math.round(15 * MM),
  footer: Math.round(28 * MM),
};
const TITLE_FONT = { eastAsia: '方正小标宋简体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const BODY_FONT = { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const HEADING_FONT = { eastAsia: '黑体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const SIZE_2 = 44; // 二号 22 pt, in half-points
const SIZE_3 = 32; // 三号 16 pt
const SIZE_4 = 28; // 四号 14 pt
const TABLE_SIZE = 21; // 五号 10.5 pt
const LINE = 560; // 28 pt fixed line pitch ≈ 22 lines per page

function run(text: string, opts: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: BODY_FONT, size: SIZE_3, ...opts });
}

function body(text: string): Paragraph {
  return new Paragraph({
    children: [run(text)],
    indent: { firstLine: SIZE_3 * 20 }, // two characters
    alignment: AlignmentType.JUSTIFIED,
    spacing: { line: LINE, lineRule: 'exact' },
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({
    children: [run(text, { font: HEADING_FONT })],
    indent: { firstLine: SIZE_3 * 20 },
    spacing: { line: LINE, lineRule: 'exact' },
  });
}

function cell(text: string, opts: { columnSpan?: number; rowSpan?: number; left?: boolean } = {}): TableCell {
  return new TableCell({
    children: [
      new Paragraph({
        alignment: opts.left ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [run(text, { size: TABLE_SIZE })],
      }),
    ],
    verticalAlign: VerticalAlign.CENTER,
    ...(opts.columnSpan ? { columnSpan: opts.columnSpan } : {}),
    ...(opts.rowSpan ? { rowSpan: opts.rowSpan } : {}),
  });
}

function table(rows: TableCell[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map((children) => new TableRow({ children, cantSplit: true })),
  });
}

function proactiveTable(doc: ReportDocument): Table {
  const rows: TableCell[][] = [];
  for (const b of FORMATS[doc.format].tables.proactive.blocks) {
    const spans = b.headers.length === 1 ? [3] : b.headers.length === 2 ? [2, 1] : [1, 1, 1];
    rows.push([cell(b.caption, { columnSpan: 4, left: true })]);
    rows.push([cell(b.labelHeader), ...b.headers.map((h, i) => cell(h, { columnSpan: spans[i] ?? 1 }))]);
    for (const r of b.rows) {
      rows.push([
        cell(r.label),
        ...r.cells.map((c, i) => cell(printCell(doc.tables.proactive[c.key]), { columnSpan: spans[i] ?? 1 })),
      ]);
    }
  }
  return table(rows);
}

function applicationsTable(doc: ReportDocument): Table {
  const def = FORMATS[doc.format].tables.applications;
  const cols = def.columns;
  const rows: TableCell[][] = [
    [cell(def.note, { columnSpan: 3, rowSpan: 3 }), cell('申请人情况', { columnSpan: 7 })],
    [
      cell(cols[0]?.label ?? '', { rowSpan: 2 }),
      cell(cols[1]?.group ?? '', { columnSpan: 5 }),
      cell(cols[6]?.label ?? '', { rowSpan: 2 }),
    ],
    cols.slice(1, 6).map((c) => cell(c.label)),
  ];
  const leafs = def.rows.filter((r) => r.leaf);
  const resultsSpan = leafs.filter((r) => r.parent !== null).length;
  let resultsShown = false;
  for (const r of leafs) {
    const values = (doc.tables.applications[r.key as keyof typeof doc.tables.applications] ?? []).map((v) =>
      cell(printCell(v)),
    );
    const cells: TableCell[] = [];
    if (r.parent === null) cells.push(cell(r.label, { columnSpan: 3, left: true }));
    else {
      if (!resultsShown) {
        resultsShown = true;
        cells.push(cell(def.rows.find((g) => g.key === 'results')?.label ?? '', { rowSpan: resultsSpan }));
      }
      if (r.parent === 'results') cells.push(cell(r.label, { columnSpan: 2, left: true }));
      else {
        const siblings = leafs.filter((s) => s.parent === r.parent);
        if (siblings[0]?.key === r.key) {
          const g = def.rows.find((x) => x.key === r.parent && !x.leaf);
          cells.push(cell(g?.label ?? '', { rowSpan: siblings.length, left: true }));
        }
        cells.push(cell(r.label, { left: true }));
      }
    }
    rows.push([...cells, ...values]);
  }
  return table(rows);
}

function reviewTable(doc: ReportDocument): Table {
  const cols = FORMATS[doc.format].tables.review.columns;
  return table([
    [cell('行政复议', { columnSpan: 5 }), cell('行政诉讼', { columnSpan: 10 })],
    [
      ...cols.filter((c) => c.group === 'review').map((c) => cell(c.label, { rowSpan: 2 })),
      cell('未经复议直接起诉', { columnSpan: 5 }),
      cell('复议后起诉', { columnSpan: 5 }),
    ],
    cols.filter((c) => c.group !== 'review').map((c) => cell(c.label)),
    cols.map((_c, i) => cell(printCell(doc.tables.review[i]))),
  ]);
}

/** The width of the text column (A4 less the margins), in the 96-per-inch pixels the docx package sizes images in. */
const TEXT_WIDTH_PX = Math.floor(((210 - 28 - 26) / 25.4) * 96);
/** The chart text's font in the pictures (the print fonts' sans face when installed, src/shared/pdf.ts). */
const CHART_PICTURE_CSS = 'svg text{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif}';

/**
 * The 附图 charts as PNG pictures (the same SVG charts as the HTML and PDF, drawn at 2× by the warm Chromium
 * that prints the PDFs; decision 018), or none when Chromium is not there (the table of figures then
 * stands alone).
 */
async function chartPictures(
  doc: ReportDocument,
): Promise<{ title: string; description: string; picture: PngPicture }[]> {
  const charts = reportTrendCharts(doc.agencyName, doc.trend ?? [], 'report');
  if (charts.length === 0) return [];
  await loadChartEngine();
  let pictures: PngPicture[];
  try {
    pictures = await svgsToPng(
      charts.map((c) => renderChartSvg(c.spec)),
      { scale: 2, css: CHART_PICTURE_CSS },
    );
  } catch (e) {
    if (e instanceof PdfUnavailableError) return [];
    throw e;
  }
  return charts.flatMap((c, i) => {
    const picture = pictures[i];
    return picture ? [{ title: c.spec.title, description: c.spec.description, picture }] : [];
  });
}

/**
 * 附图 in Word: the charts the HTML/PDF draw, as PNG pictures across the text column, each with its caption
 * (图N) and its title and description as alternative text; then the same figures as one table of years (for
 * screen readers, and for anyone who wants the numbers). After the signature, outside the statutory tables.
 */
async function appendix(doc: ReportDocument): Promise<(Paragraph | Table)[]> {
  const series = doc.trend ?? [];
  if (series.length === 0) return [];
  const figures = MAIN_FIGURES;
  const yoy = yearOnYearTexts(series, 'newReceived');
  const pictures = await chartPictures(doc);
  const caption = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepLines: true,
      spacing: { after: LINE / 2 },
      children: [run(text, { font: HEADING_FONT, size: SIZE_4 })],
    });
  return [
    new Paragraph({ children: [], pageBreakBefore: true }),
    heading(pictures.length > 0 ? '附：主要数据图表' : '附：主要数据'),
    ...pictures.flatMap(({ title, description, picture }, i) => {
      const width = Math.min(TEXT_WIDTH_PX, Math.round(picture.width / 2));
      const height = Math.round((width * picture.height) / picture.width);
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          keepNext: true,
          children: [
            new ImageRun({
              type: 'png',
              data: picture.png,
              transformation: { width, height },
              altText: { name: `图${i + 1}`, title, description },
            }),
          ],
        }),
        caption(`图${i + 1}　${title}`),
      ];
    }),
    ...(pictures.length > 0 ? [caption('表　主要数据')] : []),
    table([
      [cell('年度'), ...figures.map((f) => cell(f.label)), cell('新收申请同比')],
      ...series.map((y, i) => [
        cell(`${y.year}年`),
        ...figures.map((f) => cell(printCell(y.values[f.key]))),
        cell(yoy[i] ?? ''),
      ]),
    ]),
  ];
}

function section(doc: ReportDocument, s: NarrativeSection): Paragraph[] {
  return [heading(narrativeHeading(doc.format, s)), ...paragraphs(doc.narrative[s]).map(body)];
}

/** The report as a .docx file. */
export async function renderReportDocx(doc: ReportDocument): Promise<Buffer> {
  const sections = FORMATS[doc.format].sections;
  const signature = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: SIZE_3 * 40 },
      spacing: { line: LINE, lineRule: 'exact' },
      children: [run(text)],
    });
  const file = new Document({
    creator: 'Gongkai 公开',
    title: reportTitle(doc),
    description: `${doc.agencyName}${doc.year}年政府信息公开工作年度报告（${FORMATS[doc.format].issuedBy}格式）`,
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE_3 } } } },
    sections: [
      {
        properties: { page: { size: A4, margin: MARGINS } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    font: { eastAsia: '宋体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' },
                    size: SIZE_4,
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: LINE },
            children: [run(reportTitle(doc), { font: TITLE_FONT, size: SIZE_2 })],
          }),
          ...section(doc, 'overview'),
          heading(sections[1] ?? ''),
          proactiveTable(doc),
          heading(sections[2] ?? ''),
          applicationsTable(doc),
          heading(sections[3] ?? ''),
          reviewTable(doc),
          ...section(doc, 'problems'),
          ...section(doc, 'other'),
          new Paragraph({ children: [] }),
          signature(doc.agencyName),
          signature(formatChineseDate(doc.signedOn)),
          ...(await appendix(doc)),
        ],
      },
    ],
  });
  return Packer.toBuffer(file);
}
