/** The 节假日安排 form of one year: its text fields read into a `HolidayYearEntry`, with the problems found. */
import type { FieldErrors } from '../shared/ui/components.tsx';
import { checkHolidayYearEntry, type HolidayYearEntry } from './calendar.ts';
import { addCalendarDays, isIsoDate } from './dates.ts';

export const HOLIDAY_YEAR_FIELDS = [
  'title',
  'documentNumber',
  'publishedOn',
  'source',
  'off',
  'work',
] as const;

/**
 * Parses a list of dates typed by an administrator: separated by spaces, commas, 、 or new lines;
 * `A~B`, `A至B` or `A—B` is a range. Returns the sorted dates or the problems found.
 */
export function parseDateList(text: string): { dates: string[]; problems: string[] } {
  const dates = new Set<string>();
  const problems: string[] = [];
  const tokens = text
    .replace(/[，、；;\n\r\t]/g, ' ')
    .replace(/\s*(~|～|至|—|–)\s*/g, '~')
    .split(/[\s,]+/)
    .filter(Boolean);
  for (const t of tokens) {
    const [a, b, extra] = t.split('~');
    if (extra !== undefined || !a || !isIsoDate(a) || (b !== undefined && !isIsoDate(b))) {
      problems.push(`“${t}”不是有效的日期或日期范围（格式如 2027-01-01 或 2027-02-06~2027-02-14）`);
      continue;
    }
    if (b === undefined) {
      dates.add(a);
      continue;
    }
    if (b < a) {
      problems.push(`日期范围“${t}”的结束日期早于开始日期`);
      continue;
    }
    let d = a;
    for (let i = 0; d <= b && i < 400; i++) {
      dates.add(d);
      d = addCalendarDays(d, 1);
    }
  }
  return { dates: [...dates].sort(), problems };
}

/** The form's values for an entry already recorded. */
export function entryValues(e: HolidayYearEntry): Record<string, string> {
  return {
    title: e.notice.title,
    documentNumber: e.notice.documentNumber ?? '',
    publishedOn: e.notice.publishedOn ?? '',
    source: e.notice.source ?? '',
    off: e.off.join(' '),
    work: e.work.join(' '),
  };
}

export interface HolidayYearForm {
  readonly entry: HolidayYearEntry;
  readonly errors: FieldErrors;
  /** Oddities worth a look (shown with the errors), from `checkHolidayYearEntry`. */
  readonly warnings: readonly string[];
}

/** Reads the form of `year` (keeping the amendments of the `existing` entry); `errors` is empty when it may be saved. */
export function readHolidayYearForm(
  year: number,
  values: Readonly<Record<string, string | undefined>>,
  existing: HolidayYearEntry | null,
): HolidayYearForm {
  const errors: Record<string, string> = {};
  const title = (values.title ?? '').trim();
  if (!title) errors.title = '请填写通知名称';
  const publishedOn = (values.publishedOn ?? '').trim();
  if (publishedOn && !isIsoDate(publishedOn)) errors.publishedOn = '发布日期格式应为 2026-11-04';
  const off = parseDateList(values.off ?? '');
  const work = parseDateList(values.work ?? '');
  if (off.problems.length > 0) errors.off = off.problems[0]!;
  else if (off.dates.length === 0) errors.off = '请填写放假日';
  if (work.problems.length > 0) errors.work = work.problems[0]!;
  const entry: HolidayYearEntry = {
    year,
    notice: {
      title,
      documentNumber: (values.documentNumber ?? '').trim() || null,
      source: (values.source ?? '').trim() || null,
      publishedOn: publishedOn || null,
    },
    ...(existing?.amendments ? { amendments: existing.amendments } : {}),
    off: off.dates,
    work: work.dates,
  };
  if (Object.keys(errors).length > 0) return { entry, errors, warnings: [] };
  const check = checkHolidayYearEntry(entry);
  if (check.errors.length > 0) errors.off = check.errors.join('；');
  return { entry, errors, warnings: check.warnings };
}
