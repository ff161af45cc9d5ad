import type { AgencyLevel } from '../../agencies/agency.rules.ts';

/**
 * What a survey of published reports starts from and how it finds a report on a web site: the list of
 * addresses (one per line, optionally with the agency's name and level), the agency level guessed from a
 * name, and the links on a column or article page that lead to the annual report. Pure.
 */

export interface SurveyTarget {
  /** 1-based line in the list the target came from (0 when it did not come from a list). */
  readonly line: number;
  readonly url: string;
  /** The agency's name as the list gives it (the report's own name is read from the report). */
  readonly name: string | null;
  readonly level: AgencyLevel | null;
}

export interface ListProblem {
  readonly line: number;
  readonly message: string;
}

/** Most addresses one survey takes (a province has a few thousand publishing bodies). */
export const MAX_SURVEY_TARGETS = 5000;

const LEVEL_WORDS: ReadonlyArray<readonly [RegExp, AgencyLevel]> = [
  [/^(省级|省|province)$/i, 'province'],
  [/^(市级|市|地市级|city)$/i, 'city'],
  [/^(县级|县（区）级|县\(区\)级|区县级|县|区|county)$/i, 'county'],
  [/^(乡级|乡镇级|乡镇（街道）级|乡镇\(街道\)级|街道|乡镇|township)$/i, 'township'],
];

/** A level written in a list (`省级`, `县（区）级`, `county`…), or null when not recognised. */
export function parseLevel(text: string): AgencyLevel | null {
  const t = text.trim();
  for (const [re, level] of LEVEL_WORDS) if (re.test(t)) return level;
  return null;
}

/**
 * Parses a list of addresses: one per line, `地址`, or `地址<Tab 或逗号>机关名称[<Tab 或逗号>层级]`.
 * Empty lines and lines starting with `#` are skipped; duplicates are kept once. Every bad line is a
 * problem naming its line.
 *
 * @example parseTargetList('https://a.gov.cn/nb/\t甲区人民政府\t县级').targets[0].level // 'county'
 */
export function parseTargetList(text: string): { targets: SurveyTarget[]; problems: ListProblem[] } {
  const targets: SurveyTarget[] = [];
  const problems: ListProblem[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const parts = trimmed.split(/\t|,|，/).map((p) => p.trim());
    const address = parts[0] ?? '';
    const url = normaliseUrl(address);
    if (!url) {
      problems.push({
        line,
        message: `第${line}行“${clip(address)}”不是以 http:// 或 https:// 开头的网址。`,
      });
      continue;
    }
    const levelText = parts[2] ?? '';
    const level = levelText === '' ? null : parseLevel(levelText);
    if (levelText !== '' && level === null) {
      problems.push({
        line,
        message: `第${line}行的层级“${clip(levelText)}”无法识别，请写省级、市级、县级或乡镇级。`,
      });
      continue;
    }
    if (seen.has(url)) continue;
    seen.add(url);
    const name = parts[1] ? parts[1] : null;
    targets.push({ line, url, name, level: level ?? (name ? guessLevel(name) : null) });
  }
  if (targets.length > MAX_SURVEY_TARGETS)
    problems.push({
      line: 0,
      message: `一次最多检查${MAX_SURVEY_TARGETS}个网址，清单中有${targets.length}个。`,
    });
  if (targets.length === 0 && problems.length === 0) problems.push({ line: 0, message: '清单中没有网址。' });
  return { targets, problems };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** An absolute http(s) address, or null. */
export function normaliseUrl(text: string): string | null {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  return u.toString();
}

/**
 * The level of government a body belongs to, guessed from its name: the last administrative unit
 * named decides (`某市某区卫生健康局` → county). Words that only contain the characters (`市场`,
 * `城市`, `区域`) are not units. Null when nothing is named.
 */
export function guessLevel(name: string): AgencyLevel | null {
  const n = name
    .replace(/市场|城市|都市|区域|社区|小区|园区|景区|校区|县域|市政|市容|市民/g, '＿')
    .replace(/自治区/g, '省')
    .replace(/特别行政区/g, '省');
  let best: { at: number; level: AgencyLevel } | null = null;
  const units: ReadonlyArray<readonly [RegExp, AgencyLevel]> = [
    [/省/g, 'province'],
    [/(市|州|盟)/g, 'city'],
    [/(区|县|旗)/g, 'county'],
    [/(街道|乡|镇|苏木)/g, 'township'],
  ];
  for (const [re, level] of units) {
    for (const m of n.matchAll(re)) {
      if (!best || m.index! > best.at) best = { at: m.index!, level };
    }
  }
  return best?.level ?? null;
}

export type LinkKind = 'pdf' | 'docx' | 'html';

export interface ReportLink {
  readonly url: string;
  readonly text: string;
  readonly kind: LinkKind;
  readonly year: number | null;
  /** Higher is likelier the annual report. */
  readonly score: number;
}

const REPORT_WORDS = /政府信息公开.{0,6}(工作)?年度报告|信息公开年报|公开年度报告|年度报告/;

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)));
}

function linkKind(url: URL): LinkKind | null {
  const p = url.pathname.toLowerCase();
  if (p.endsWith('.pdf')) return 'pdf';
  if (p.endsWith('.docx')) return 'docx';
  if (/\.(doc|wps|xls|xlsx|zip|rar|jpg|jpeg|png|gif|mp4)$/.test(p)) return null;
  return 'html';
}

function yearIn(text: string): number | null {
  const m = /(20[1-3]\d)\s*年/.exec(text) ?? /(20[1-3]\d)/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * The links of a page that may lead to an annual report, likeliest first: a link whose text or title
 * names a 年度报告 (of `year` when given), attachments (PDF, DOCX) ahead of pages when the page itself
 * was not the report. Links to other sites are followed too (reports are often on a platform's domain).
 *
 * @example findReportLinks('<a href="/nb/2025.html">某局2025年政府信息公开工作年度报告</a>', 'https://a.gov.cn/nb/', 2025)
 */
export function findReportLinks(html: string, pageUrl: string, year: number | null = null): ReportLink[] {
  const out = new Map<string, ReportLink>();
  const re = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
  for (const m of html.matchAll(re)) {
    const attrs = m[1] ?? '';
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
    const raw = decodeEntities((href?.[1] ?? href?.[2] ?? href?.[3] ?? '').trim());
    if (raw === '' || /^(javascript|mailto|tel):/i.test(raw) || raw.startsWith('#')) continue;
    let url: URL;
    try {
      url = new URL(raw, pageUrl);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    url.hash = '';
    const kind = linkKind(url);
    if (!kind) continue;
    const title = /\btitle\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attrs);
    const text = decodeEntities(
      `${(m[2] ?? '').replace(/<[^>]*>/g, '')} ${title?.[1] ?? title?.[2] ?? ''}`.replace(/\s+/g, ' '),
    ).trim();
    const named = REPORT_WORDS.test(text);
    const fileName = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const fileNamed = REPORT_WORDS.test(fileName) || /nb|ndbg|annual/i.test(fileName);
    if (!named && !(kind !== 'html' && (fileNamed || /附件|下载|报告/.test(text)))) continue;
    const y = yearIn(text) ?? yearIn(fileName);
    let score = named ? 10 : 4;
    if (/政府信息公开/.test(text)) score += 3;
    if (kind !== 'html') score += 2;
    if (year !== null) score += y === year ? 8 : y === null ? 0 : -20;
    else if (y !== null) score += (y - 2000) / 100;
    if (/函|通知|报送|考核|评估|统计表/.test(text) && !/年度报告$/.test(text)) score -= 3;
    const key = url.toString();
    if (key === new URL(pageUrl).toString()) continue;
    const prev = out.get(key);
    if (!prev || prev.score < score) out.set(key, { url: key, text, kind, year: y, score });
  }
  return [...out.values()].sort((a, b) => b.score - a.score || (b.year ?? 0) - (a.year ?? 0));
}
