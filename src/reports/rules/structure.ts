import { type Finding, finding } from './findings.ts';

/**
 * The report's outline against the format: Article 50 of the Regulation and both national formats fix
 * six sections, in this order — 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况
 * 四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项
 * (docs/domain/report-formats.md#structure). Every finding here is a warning: the format prescribes the
 * sections, but a text extracted from a web page or a PDF can lose a heading, so a clerk confirms.
 *
 * Headings are found wherever "ordinal、title" stands (line starts and, for texts flattened onto one
 * line by a web page, inside a line), matched to a section by the title's words. A *strong* title is the
 * national wording or an accepted variant (存在的主要问题和改进情况); a *weak* one only names the subject
 * (主动公开工作情况) and counts only where the report has no strong heading for that section, so an
 * overall-situation subtopic numbered as a top-level section is told apart from the section itself.
 */

export interface SectionSpec {
  readonly no: number;
  readonly numeral: string;
  /** The format's wording. */
  readonly title: string;
  readonly strong: RegExp;
  readonly weak: RegExp;
}

export const SECTIONS: readonly SectionSpec[] = [
  {
    no: 1,
    numeral: '一',
    title: '总体情况',
    strong: /^总体情况/,
    weak: /^(?:基本情况|总体概况|工作概况|概述|概况)/,
  },
  {
    no: 2,
    numeral: '二',
    title: '主动公开政府信息情况',
    strong: /^主动公开政府信息的?(?:工作)?情况/,
    weak: /^主动公开(?:工作)?情况/,
  },
  {
    no: 3,
    numeral: '三',
    title: '收到和处理政府信息公开申请情况',
    strong: /^(?:收到|受理)(?:和|及|与)?(?:处理|办理)政府信息公开申请的?情况/,
    weak: /^(?:依申请公开(?:工作)?情况|政府信息公开申请(?:办理)?情况)/,
  },
  {
    no: 4,
    numeral: '四',
    title: '政府信息公开行政复议、行政诉讼情况',
    strong: /^(?:政府信息公开)?(?:行政)?复议[、和及与]?(?:行政)?诉讼/,
    weak: /^(?:政府信息公开)?(?:行政复议|行政诉讼)(?:情况)?/,
  },
  {
    no: 5,
    numeral: '五',
    title: '存在的主要问题及改进情况',
    strong: /^(?:政府信息公开(?:工作)?)?存在的?主要问题(?:及|和|与|以及)改进(?:情况|措施)/,
    weak: /^(?:(?:政府信息公开(?:工作)?)?存在的?(?:主要)?问题|改进(?:情况|措施))/,
  },
  {
    no: 6,
    numeral: '六',
    title: '其他需要报告的事项',
    strong: /^其他需要报告的事项/,
    weak: /^其他(?:需要报告的?)?事项/,
  },
];

const CHINESE_DIGITS = '〇一二三四五六七八九';

/** 一 → 1, 十二 → 12, 二十 → 20; null when not a Chinese numeral up to 99. */
export function chineseOrdinal(text: string): number | null {
  if (!/^[一二三四五六七八九十]{1,3}$/.test(text)) return null;
  if (text === '十') return 10;
  const ten = text.indexOf('十');
  if (ten < 0) return text.length === 1 ? CHINESE_DIGITS.indexOf(text) : null;
  const tens = ten === 0 ? 1 : CHINESE_DIGITS.indexOf(text[0] ?? '');
  const ones = ten === text.length - 1 ? 0 : CHINESE_DIGITS.indexOf(text[ten + 1] ?? '');
  return tens > 0 && ones >= 0 ? tens * 10 + ones : null;
}

export interface Heading {
  /** 1-based line of the input text. */
  readonly line: number;
  /** Offset of the heading in the input text. */
  readonly offset: number;
  /** The heading as printed (ordinal, mark and title; the title cut at 30 characters). */
  readonly raw: string;
  readonly ordinalText: string;
  readonly ordinal: number | null;
  readonly system: 'chinese' | 'arabic';
  /** The text after "、". */
  readonly title: string;
  /** The section the title names, and how surely. */
  readonly section: number | null;
  readonly strength: 'strong' | 'weak' | null;
  /** Whether the heading stands at the start of its line (not inside a flattened paragraph). */
  readonly lineStart: boolean;
  /** Offset just after the heading (its line's end, or the known title's end inside a line). */
  readonly end: number;
}

/** Table 三's row labels look like headings (一、本年新收…); they are not. */
const TABLE_ROW = /^(?:本年新收|上年结转|本年度办理结果|结转下年度|本年度?新收)/;

/**
 * "ordinal、": a Chinese ordinal anywhere but inside a longer numeral (a flattened web page glues the
 * heading to the previous sentence or table cell); an Arabic one only after a line start or punctuation.
 * An OCR'd stray Latin letter before the ordinal (l六、) is kept with the heading.
 */
const HEADING =
  /(^|(?<![一二三四五六七八九十])|[\s。；;：:|>])[ \t\u3000]*([A-Za-z]?)((?<![一二三四五六七八九十])[一二三四五六七八九十]{1,3}|(?<=^|[\s。；;：:|>A-Za-z])[0-9]{1,2})[ \t\u3000]*、[ \t\u3000]*/gmu;

function sectionOf(title: string): {
  section: number | null;
  strength: 'strong' | 'weak' | null;
  length: number;
} {
  for (const s of SECTIONS) {
    const m = s.strong.exec(title);
    if (m) return { section: s.no, strength: 'strong', length: m[0].length };
  }
  for (const s of SECTIONS) {
    const m = s.weak.exec(title);
    if (m) return { section: s.no, strength: 'weak', length: m[0].length };
  }
  return { section: null, strength: null, length: 0 };
}

/** Every "ordinal、title" in the text that may be a heading of the outline, in text order. */
export function findHeadings(text: string): Heading[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out: Heading[] = [];
  for (const m of text.matchAll(HEADING)) {
    const start = (m.index ?? 0) + (m[1]?.length ?? 0);
    const titleFrom = (m.index ?? 0) + m[0].length;
    const lineEnd = text.indexOf('\n', titleFrom);
    const rest = text.slice(titleFrom, lineEnd < 0 ? text.length : lineEnd);
    const ordinalText = m[3] ?? '';
    const system = /[0-9]/.test(ordinalText) ? 'arabic' : 'chinese';
    const ordinal = system === 'arabic' ? Number(ordinalText) : chineseOrdinal(ordinalText);
    const lineNo = lineOf(start);
    const before = text.slice(lineStarts[lineNo - 1] ?? 0, start);
    const lineStart = before.trim() === '';
    const { section, strength, length } = sectionOf(rest);
    // A heading at a line start is the whole (short) line; inside a line only a known title counts.
    const title = lineStart ? rest.trim() : rest.slice(0, length);
    const end = lineStart ? (lineEnd < 0 ? text.length : lineEnd) : titleFrom + length;
    if (TABLE_ROW.test(title)) continue;
    if (!lineStart && section === null) continue;
    if (lineStart && section === null && !isHeadingLine(title)) continue;
    const printed = `${m[2] ?? ''}${ordinalText}、${title.length > 30 ? `${title.slice(0, 30)}…` : title}`;
    out.push({
      line: lineNo,
      offset: start,
      raw: printed,
      ordinalText,
      ordinal,
      system,
      title,
      section,
      strength,
      lineStart,
      end,
    });
  }
  return out;
}

/** A short line without sentence punctuation or figures: a heading, not a numbered sentence. */
function isHeadingLine(title: string): boolean {
  return title.length >= 2 && title.length <= 24 && !/[。；;，,！？\t|]|\d\s+\d/.test(title);
}

/** Words that say "nothing to report" when they are all a section says. */
const NOTHING = /^(?:无|暂无|没有|暂无问题|无问题|无相关问题|本年度无|不存在问题|暂未发现问题|暂不存在问题)$/;

const SECTION_NAME = (s: SectionSpec) => `“${s.numeral}、${s.title}”`;

function structureFinding(
  key: string,
  message: string,
  actual: string | null,
  expected: string | null,
): Finding {
  return finding({
    rule: 'STRUCTURE',
    severity: 'warning',
    table: 'report',
    row: key,
    column: null,
    expected,
    actual,
    message,
  });
}

/**
 * The outline findings for one report's text (the whole text, so lines are the file's lines).
 * Pure; silent for a report that follows the format, including the accepted wording variants.
 */
export function checkStructure(text: string): Finding[] {
  const headings = findHeadings(text);
  const findings: Finding[] = [];
  // The section headings: strong ones, or the weak ones of a section that has no strong heading.
  const strongSections = new Set(headings.filter((h) => h.strength === 'strong').map((h) => h.section));
  const sectionHeadings = headings.filter(
    (h) => h.section !== null && (h.strength === 'strong' || !strongSections.has(h.section)),
  );
  const bySection = new Map<number, Heading[]>();
  for (const h of sectionHeadings) {
    const list = bySection.get(h.section ?? 0) ?? [];
    list.push(h);
    bySection.set(h.section ?? 0, list);
  }

  for (const spec of SECTIONS) {
    const found = bySection.get(spec.no) ?? [];
    if (found.length === 0) {
      findings.push(
        structureFinding(
          `section-${spec.no}-missing`,
          `没有找到第${spec.numeral}部分${SECTION_NAME(spec)}的标题。《条例》第五十条和年度报告格式规定年度报告由六部分组成，请补上这一部分，或按格式的标题写法改正现有标题。`,
          null,
          `${spec.numeral}、${spec.title}`,
        ),
      );
      continue;
    }
    // Finding keys count occurrences instead of naming lines, so a report laid out otherwise (the
    // tables one cell per line, say) keeps its findings' ids; the message still names the line.
    for (const [i, h] of found.entries()) {
      if (h.ordinal !== spec.no || h.system !== 'chinese') {
        findings.push(
          structureFinding(
            `section-${spec.no}-number-${i + 1}`,
            `章节标题的序号有误：第${h.line}行“${h.raw}”是格式的第${spec.numeral}部分，应编为${SECTION_NAME(spec)}。`,
            h.raw,
            `${spec.numeral}、${spec.title}`,
          ),
        );
      }
    }
    for (const [i, h] of found.slice(1).entries()) {
      findings.push(
        structureFinding(
          `section-${spec.no}-repeat-${i + 2}`,
          `第${spec.numeral}部分${SECTION_NAME(spec)}的标题出现了不止一次（第${found.map((x) => x.line).join('、')}行）：每部分只应有一个标题。`,
          h.raw,
          `${spec.numeral}、${spec.title}`,
        ),
      );
    }
  }

  // Order: the first heading of each section must come after the previous section's.
  const firsts = SECTIONS.map((s) => ({ spec: s, h: bySection.get(s.no)?.[0] })).filter(
    (x): x is { spec: SectionSpec; h: Heading } => x.h !== undefined,
  );
  for (let i = 1; i < firsts.length; i++) {
    const prev = firsts[i - 1];
    const cur = firsts[i];
    if (prev && cur && cur.h.offset < prev.h.offset) {
      findings.push(
        structureFinding(
          `section-${cur.spec.no}-order`,
          `章节顺序与格式不符：第${cur.spec.numeral}部分${SECTION_NAME(cur.spec)}（第${cur.h.line}行）出现在第${prev.spec.numeral}部分${SECTION_NAME(prev.spec)}（第${prev.h.line}行）之前。`,
          cur.h.raw,
          `${cur.spec.numeral}、${cur.spec.title}`,
        ),
      );
    }
  }

  // Two numbering systems among the top-level headings (4、主动公开… beside 五、收到和处理…).
  const topLevel = headings.filter((h) => h.lineStart && (h.section !== null || h.system === 'chinese'));
  const arabic = topLevel.filter((h) => h.system === 'arabic' && h.section !== null);
  const chinese = topLevel.filter((h) => h.system === 'chinese' && h.section !== null);
  if (arabic.length > 0 && chinese.length > 0) {
    const a = arabic[0];
    const c = chinese[0];
    if (a && c) {
      findings.push(
        structureFinding(
          'numbering-mixed',
          `一级标题混用了两种序号：第${a.line}行“${a.raw}”用阿拉伯数字，第${c.line}行“${c.raw}”用汉字。格式的一级标题为“一、”至“六、”。`,
          a.raw,
          '一、至六、',
        ),
      );
    }
  }

  // One numbering restarted: 一、…六、 for the narrative, then 一、…三、 again for the tables.
  const chineseTop = headings.filter((h) => h.lineStart && h.system === 'chinese' && h.ordinal !== null);
  const restart = chineseTop.find(
    (h, i) => i > 0 && h.ordinal === 1 && (chineseTop[i - 1]?.ordinal ?? 0) >= 1,
  );
  if (restart) {
    findings.push(
      structureFinding(
        'numbering-restart',
        `一级标题的序号在第${restart.line}行“${restart.raw}”重新从“一、”开始，全文像是用了两套编号。格式的六部分连续编为“一、”至“六、”。`,
        restart.raw,
        '一、至六、',
      ),
    );
  }

  // Subtopics of 总体情况 numbered as top-level sections (二、工作机制保障 inside 一、总体情况).
  const overall = bySection.get(1)?.[0];
  if (overall) {
    const nextSection = sectionHeadings
      .filter((h) => h.offset > overall.offset && h.section !== 1)
      .reduce<Heading | undefined>((a, h) => (a === undefined || h.offset < a.offset ? h : a), undefined);
    const end = nextSection?.offset ?? text.length;
    const subtopics = headings.filter(
      (h) =>
        h.lineStart &&
        h.system === 'chinese' &&
        h.offset > overall.offset &&
        h.offset < end &&
        !sectionHeadings.includes(h),
    );
    for (const [i, h] of subtopics.entries()) {
      findings.push(
        structureFinding(
          `overall-subtopic-${i + 1}`,
          `第${h.line}行“${h.raw}”用了一级标题的序号，但它在“一、总体情况”之内，是总体情况的一项内容：应编为二级标题（如“（一）”“（二）”），否则六部分的序号都会错位。`,
          h.raw,
          '（一）、（二）…',
        ),
      );
    }
  }

  // Section 五 must say something: "无" is an omission evaluators mark down.
  const five = bySection.get(5)?.[0];
  if (five) {
    const after = sectionHeadings
      .filter((h) => h.offset > five.offset && h.section !== 5)
      .reduce<Heading | undefined>((a, h) => (a === undefined || h.offset < a.offset ? h : a), undefined);
    const body = text.slice(five.end, after?.offset ?? text.length).replace(/[\s\u3000。.，,；;：:！!]/g, '');
    if (body === '' || NOTHING.test(body)) {
      findings.push(
        structureFinding(
          'section-5-empty',
          `第五部分“存在的主要问题及改进情况”${body === '' ? '没有内容' : `只写了“${body}”`}：格式要求如实报告政府信息公开工作存在的主要问题及改进情况，评估中“无”按缺项处理。`,
          body,
          '存在的主要问题及改进情况',
        ),
      );
    }
  }
  return findings;
}
