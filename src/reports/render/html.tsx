import { formatChineseDate } from '../../calendar/dates.ts';
import { loadChartEngine } from '../../shared/charts/chart.ts';
import { FORMATS } from '../format/formats.ts';
import type { FormatId } from '../format/types.ts';
import {
  type NarrativeSection,
  narrativeHeading,
  paragraphs,
  printCell,
  type ReportDocument,
  reportTitle,
} from '../report.model.ts';
import { ReportTrends } from '../trends.views.tsx';
import { REPORT_CSS } from './report-css.ts';

function Narrative({ text }: { text: string }) {
  return (
    <>
      {paragraphs(text).map((p) => (
        <p>{p}</p>
      ))}
    </>
  );
}

function Section({ doc, section }: { doc: ReportDocument; section: NarrativeSection }) {
  return (
    <>
      <h2>{narrativeHeading(doc.format, section)}</h2>
      <Narrative text={doc.narrative[section]} />
    </>
  );
}

/** 二、主动公开政府信息情况: one table of caption, header and data rows per Article 20 item. */
export function ProactiveTable({ doc }: { doc: ReportDocument }) {
  const blocks = FORMATS[doc.format].tables.proactive.blocks;
  const width = 4; // label + 3 value columns in both formats (a single header spans 3)
  return (
    <table>
      {blocks.map((b) => {
        const span = b.headers.length === 1 ? 3 : b.headers.length === 2 ? [2, 1] : [1, 1, 1];
        // One body per item: its caption, header and rows stay on one page when printed.
        return (
          <tbody class="gk-report__block">
            <tr>
              <th colspan={width} class="gk-report__caption" scope="colgroup">
                {b.caption}
              </th>
            </tr>
            <tr>
              <th scope="col">{b.labelHeader}</th>
              {b.headers.map((h, i) => (
                <th scope="col" colspan={typeof span === 'number' ? span : span[i]}>
                  {h}
                </th>
              ))}
            </tr>
            {b.rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                {r.cells.map((c, i) => (
                  <td colspan={typeof span === 'number' ? span : span[i]}>
                    {printCell(doc.tables.proactive[c.key])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        );
      })}
    </table>
  );
}

/** 三、收到和处理政府信息公开申请情况, with the official merged header cells. */
export function ApplicationsTable({ doc }: { doc: ReportDocument }) {
  const def = FORMATS[doc.format].tables.applications;
  const rows = def.rows;
  const resultsSpan = rows.filter((r) => r.parent !== null && r.leaf).length;
  const leavesOf = (group: string) => rows.filter((r) => r.parent === group && r.leaf).length;
  const values = (key: string) =>
    (doc.tables.applications[key as keyof typeof doc.tables.applications] ?? Array(7).fill(null)).map((v) => (
      <td>{printCell(v)}</td>
    ));
  const body = [];
  let resultsShown = false;
  for (const r of rows) {
    if (!r.leaf) continue;
    const cells = [];
    if (r.parent === null) {
      cells.push(
        <th scope="row" colspan={3} class="gk-report__label">
          {r.label}
        </th>,
      );
    } else {
      if (!resultsShown) {
        resultsShown = true;
        cells.push(
          <th scope="rowgroup" rowspan={resultsSpan} class="gk-report__vertical">
            {rows.find((g) => g.key === 'results')?.label}
          </th>,
        );
      }
      if (r.parent === 'results') {
        cells.push(
          <th scope="row" colspan={2} class="gk-report__label">
            {r.label}
          </th>,
        );
      } else {
        const siblings = rows.filter((s) => s.parent === r.parent && s.leaf);
        if (siblings[0]?.key === r.key) {
          cells.push(
            <th scope="rowgroup" rowspan={leavesOf(r.parent)} class="gk-report__label">
              {rows.find((g) => g.key === r.parent && !g.leaf)?.label}
            </th>,
          );
        }
        cells.push(
          <th scope="row" class="gk-report__label">
            {r.label}
          </th>,
        );
      }
    }
    body.push(
      <tr>
        {cells}
        {values(r.key)}
      </tr>,
    );
  }
  const cols = def.columns;
  return (
    <table>
      <thead>
        <tr>
          <td colspan={3} rowspan={3}>
            {def.note}
          </td>
          <th colspan={7} scope="colgroup">
            申请人情况
          </th>
        </tr>
        <tr>
          <th rowspan={2} scope="col">
            {cols[0]?.label}
          </th>
          <th colspan={5} scope="colgroup">
            {cols[1]?.group}
          </th>
          <th rowspan={2} scope="col">
            {cols[6]?.label}
          </th>
        </tr>
        <tr>
          {cols.slice(1, 6).map((c) => (
            <th scope="col">{c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>{body}</tbody>
    </table>
  );
}

/** 四、政府信息公开行政复议、行政诉讼情况: 15 cells under a three-row header. */
export function ReviewTable({ doc }: { doc: ReportDocument }) {
  const cols = FORMATS[doc.format].tables.review.columns;
  const review = cols.filter((c) => c.group === 'review');
  const litigation = cols.filter((c) => c.group !== 'review');
  return (
    <table>
      <thead>
        <tr>
          <th colspan={5} scope="colgroup">
            行政复议
          </th>
          <th colspan={10} scope="colgroup">
            行政诉讼
          </th>
        </tr>
        <tr>
          {review.map((c) => (
            <th rowspan={2} scope="col">
              {c.label}
            </th>
          ))}
          <th colspan={5} scope="colgroup">
            未经复议直接起诉
          </th>
          <th colspan={5} scope="colgroup">
            复议后起诉
          </th>
        </tr>
        <tr>
          {litigation.map((c) => (
            <th scope="col">{c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          {cols.map((_c, i) => (
            <td>{printCell(doc.tables.review[i])}</td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

/** The report itself (title, six sections, tables, signature): used by every HTML-based output. */
export function ReportArticle({ doc, headingLevel = 1 }: { doc: ReportDocument; headingLevel?: 1 | 2 }) {
  const sections = FORMATS[doc.format].sections;
  const Title = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <article class="gk-report" lang="zh-CN">
      <Title>{reportTitle(doc)}</Title>
      <Section doc={doc} section="overview" />
      <h2>{sections[1]}</h2>
      <ProactiveTable doc={doc} />
      <h2>{sections[2]}</h2>
      <ApplicationsTable doc={doc} />
      <h2>{sections[3]}</h2>
      <ReviewTable doc={doc} />
      <Section doc={doc} section="problems" />
      <Section doc={doc} section="other" />
      <p class="gk-report__signature">{doc.agencyName}</p>
      <p class="gk-report__signature">{formatChineseDate(doc.signedOn)}</p>
      {doc.trend && doc.trend.length > 0 ? <ReportAppendixCharts doc={doc} /> : null}
    </article>
  );
}

/**
 * 附图 (chosen by the author): the main figures of this and the earlier published years as charts, after
 * the signature and outside the statutory tables, which stay exactly as the national format prints them.
 */
async function ReportAppendixCharts({ doc }: { doc: ReportDocument }) {
  await loadChartEngine();
  return (
    <section class="gk-report__appendix">
      <h2>附：主要数据图表</h2>
      <ReportTrends agencyName={doc.agencyName} series={doc.trend ?? []} idPrefix="report" />
    </section>
  );
}

/** A standalone HTML file of the report (CSS inline: opens anywhere, prints on A4). */
export async function renderReportHtml(doc: ReportDocument): Promise<string> {
  const el = (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{reportTitle(doc)}</title>
        <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      </head>
      <body>
        <ReportArticle doc={doc} />
      </body>
    </html>
  );
  return `<!doctype html>${await el.toString()}`;
}

export type { FormatId };
