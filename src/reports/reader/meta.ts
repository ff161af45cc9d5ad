/** Report year and agency from the title (fixture `title:` line, crawler `标题:` line, or the first heading). */

export interface ReportMeta {
  readonly year: number | null;
  readonly agency: string | null;
  readonly title: string | null;
}

const LETTER_TITLE =
  /(?<=.{2})关于(?:报送|上报|印发|提交|公布|发布|呈报)?[^关]*?(?:年度)?报告的(?:函|报告|通知)$/;
const TITLE_SUFFIX = /(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:年度)?报告.*$/;

export function readMeta(text: string): ReportMeta {
  const head = text.slice(0, 6000);
  const lines = head.split('\n').map((l) => l.trim());
  let title =
    lines.find((l) => /^title\s*[:：]/i.test(l))?.replace(/^title\s*[:：]\s*/i, '') ??
    lines.find((l) => /^标题\s*[:：]/.test(l))?.replace(/^标题\s*[:：]\s*/, '') ??
    null;
  if (!title) {
    // First heading: one or two short lines containing 报告 (a title may be wrapped over two lines).
    for (let i = 0; i < Math.min(lines.length, 40); i++) {
      const l = lines[i] ?? '';
      if (l.length > 0 && l.length < 60 && /年度?报告|工作报告/.test(l)) {
        const prev = lines[i - 1] ?? '';
        title =
          prev.length > 0 && prev.length < 40 && !/[。；]/.test(prev) && !/报告/.test(prev) ? prev + l : l;
        break;
      }
    }
  }
  const compact = (title ?? '').replace(/\s+/g, '');
  let year: number | null = null;
  const y = /((?:19|20)\d{2})年度?/.exec(compact);
  if (y) year = Number(y[1]);
  if (year === null) {
    const period = /统计期限?[^。]{0,20}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/.exec(
      head.replace(/\s+/g, ''),
    );
    if (period) year = Number(period[1]);
  }
  let agency: string | null = null;
  if (compact) {
    const a = compact
      // A cover letter (……关于报送2020年度政府信息公开工作年度报告的函): the sender is the agency.
      .replace(LETTER_TITLE, '')
      .replace(/((?:19|20)\d{2})年度?/, '')
      .replace(TITLE_SUFFIX, '')
      .replace(/^[\s，,、：:]+|[\s，,、：:]+$/g, '');
    agency = a.length >= 2 ? a : null;
  }
  if (!agency) {
    const pub = lines.find((l) => /^发布机构\s*[:：]\s*\S/.test(l));
    if (pub) agency = pub.replace(/^发布机构\s*[:：]\s*/, '');
  }
  return { year, agency, title: title ?? null };
}

/** The statistical period stated in the prose, when it is shorter than the calendar year. */
export function shortPeriod(prose: string, year: number | null): string | null {
  const m =
    /统计(?:期限|周期|时限|区间)?[^。]{0,12}?((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日[^。]{0,6}?(?:至|到|—|-|～)(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日/.exec(
      prose,
    );
  if (!m) return null;
  const [, y1, m1, d1, y2, m2, d2] = m;
  const startOk = Number(m1) === 1 && Number(d1) === 1;
  const endOk = Number(m2) === 12 && Number(d2) === 31;
  const sameYear = !y2 || y2 === y1;
  if (startOk && endOk && sameYear && (year === null || Number(y1) === year)) return null;
  return m[0];
}
