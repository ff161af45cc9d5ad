import { type Finding, finding } from './findings.ts';

/**
 * HINT (文字提示): wording slips a proof-reader would mark — a word typed twice (资金资金) and a word
 * cut off before its last character (审查管，for 审查管理). Hints never count as errors or warnings:
 * the format says nothing about wording, and a reduplication can be meant (研究研究).
 * Only prose lines are looked at (a line with sentence punctuation), so glued table headers
 * (总计总计) are not taken for a repeated word. One hint per place: the same slip on two lines is two.
 */

/** Reduplications that are words of their own. */
const MEANT = new Set(['研究研究', '讨论讨论', '学习学习', '商量商量', '看看', '试试']);

/** Two- to four-character words that are cut before their last character in real reports. */
const CUT_OFF: readonly [string, string][] = [
  ['审查管', '审查管理'],
  ['发布管', '发布管理'],
  ['信息管', '信息管理'],
  ['平台建', '平台建设'],
  ['制度建', '制度建设'],
  ['队伍建', '队伍建设'],
  ['进一步完', '进一步完善'],
  ['进一步规', '进一步规范'],
  ['不断提', '不断提升'],
  ['切实加', '切实加强'],
];

const PROSE_LINE = /[，。；、]/;
const REPEAT = /([\u4e00-\u9fff]{2,4})\1/g;

function hint(key: string, line: number, message: string, actual: string, expected: string | null): Finding {
  return finding({
    rule: 'HINT',
    severity: 'hint',
    table: 'report',
    row: key,
    column: null,
    expected,
    actual,
    message,
    source: { line, cell: 0, text: actual },
  });
}

/** The wording hints of one report's text (its lines are the file's lines). */
export function checkHints(text: string): Finding[] {
  const out: Finding[] = [];
  // Keys count each slip's occurrences (not lines), so the ids survive another layout of the tables.
  const seenTimes = new Map<string, number>();
  const nth = (key: string) => {
    const n = (seenTimes.get(key) ?? 0) + 1;
    seenTimes.set(key, n);
    return `${key}-${n}`;
  };
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/[ \t\u3000\u00a0]/g, '');
    if (!PROSE_LINE.test(line)) return;
    const seen = new Set<string>();
    for (const m of line.matchAll(REPEAT)) {
      const word = m[0];
      if (MEANT.has(word) || seen.has(word)) continue;
      seen.add(word);
      out.push(
        hint(
          nth(`repeat-${m[1]}`),
          i + 1,
          `第${i + 1}行“${word}”中“${m[1]}”重复了一次，可能是笔误，请核对。`,
          word,
          m[1] ?? null,
        ),
      );
    }
    for (const [cut, whole] of CUT_OFF) {
      const at = line.indexOf(cut);
      if (at < 0) continue;
      const next = line[at + cut.length] ?? '';
      // A line that ends in the cut word may go on with its last character on the next line.
      const following = next !== '' ? next : (lines[i + 1] ?? '').trim().charAt(0);
      if (following === whole.charAt(cut.length)) continue;
      if (next !== '' && !/[，。；、：,;）)]/.test(next)) continue;
      out.push(
        hint(
          nth(`cut-${cut}`),
          i + 1,
          `第${i + 1}行“${cut}${next}”似乎少了一个字（应为“${whole}”？），请核对句子是否完整。`,
          cut,
          whole,
        ),
      );
    }
  });
  return out;
}
