/**
 * Seed data: the State Council holiday arrangements 2019–2026, exactly as in docs/domain/deadlines.md#calendar
 * (machine-readable JSON extracted from NateScarlet/holiday-cn, cross-checked with vsme/chinese-days).
 *
 * One row per holiday per year (`HOLIDAYS`): the name, first and last day off (weekend days inside the
 * block included) and the 调休上班日; one row per year's notice (`NOTICES`). A year's rows hold every date
 * its notice lists, so they may contain dates of the adjacent year (2019 starts on 2018-12-30, 2023 on
 * 2022-12-31). The 2020 春节 row lists 2020-02-03, a Monday, as a working day, because the extension
 * notice says "2月3日（星期一）起正常上班" (harmless).
 *
 * `documentNumber` (文号) is given only where the spec confirms it (2022, 2025). `source` is the gov.cn
 * reference cited by the datasets; `publishedOn` is the gov.cn posting date read from that reference where
 * it carries a full date (derived).
 *
 * `SEED_HOLIDAY_YEARS` is the form the calendar reads: `off` and `work` are the rows' days in date order,
 * `periods` name the blocks. The lead stores it in the database; an administrator adds next year's notice
 * there.
 */
import type { HolidayNotice, HolidayYearEntry } from './calendar.ts';
import { addCalendarDays, type IsoDate } from './dates.ts';

/**
 * A holiday of a year's notice: the year, its name, the first and last day off, and the 调休上班日 that go
 * with it (dates separated by a space; '' = none).
 */
type Holiday = readonly [year: number, name: string, from: IsoDate, to: IsoDate, work: string];

interface Notice {
  readonly year: number;
  /** 文号, where confirmed. */
  readonly documentNumber?: string;
  readonly source: string;
  readonly publishedOn?: IsoDate;
  /** Later notices changing the arrangement (2019 劳动节 adjustment, 2020 春节 extension). */
  readonly amendments?: readonly HolidayNotice[];
}

const NOTICES: readonly Notice[] = [
  {
    year: 2019,
    source: 'gov.cn zhengceku/2018-12/06/content_5346276',
    publishedOn: '2018-12-06',
    amendments: [
      {
        title: '《国务院办公厅关于调整2019年劳动节假期安排的通知》',
        documentNumber: null,
        source: 'gov.cn 2019-03-22 content_5375877',
        publishedOn: '2019-03-22',
        changes: ['2019-04-28', '2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04', '2019-05-05'],
      },
    ],
  },
  {
    year: 2020,
    source: 'gov.cn 2019-11/21/content_5454164',
    publishedOn: '2019-11-21',
    amendments: [
      {
        title: '《国务院办公厅关于延长2020年春节假期的通知》',
        documentNumber: null,
        source: 'gov.cn 2020-01-27 content_5472352',
        publishedOn: '2020-01-27',
        changes: ['2020-01-31', '2020-02-01', '2020-02-02', '2020-02-03'],
      },
    ],
  },
  { year: 2021, source: 'gov.cn 2020-11/25/content_5564127', publishedOn: '2020-11-25' },
  {
    year: 2022,
    documentNumber: '国办发明电〔2021〕11号',
    source: 'gov.cn 2021-10/25/content_5644835',
    publishedOn: '2021-10-25',
  },
  { year: 2023, source: 'gov.cn 2022-12/08/content_5730844', publishedOn: '2022-12-08' },
  { year: 2024, source: 'gov.cn 202310/content_6911527 (zhengceku content_6911528)' },
  { year: 2025, documentNumber: '国办发明电〔2024〕12号', source: 'gov.cn 202411/content_6986383' },
  { year: 2026, source: 'gov.cn 202511/content_7047091', publishedOn: '2025-11-04' },
];

const HOLIDAYS: readonly Holiday[] = [
  [2019, '元旦', '2018-12-30', '2019-01-01', '2018-12-29'],
  [2019, '春节', '2019-02-04', '2019-02-10', '2019-02-02 2019-02-03'],
  [2019, '清明节', '2019-04-05', '2019-04-05', ''],
  [2019, '劳动节', '2019-05-01', '2019-05-04', '2019-04-28 2019-05-05'],
  [2019, '端午节', '2019-06-07', '2019-06-07', ''],
  [2019, '中秋节', '2019-09-13', '2019-09-13', ''],
  [2019, '国庆节', '2019-10-01', '2019-10-07', '2019-09-29 2019-10-12'],
  [2020, '元旦', '2020-01-01', '2020-01-01', ''],
  [2020, '春节', '2020-01-24', '2020-02-02', '2020-01-19 2020-02-03'],
  [2020, '清明节', '2020-04-04', '2020-04-06', ''],
  [2020, '劳动节', '2020-05-01', '2020-05-05', '2020-04-26 2020-05-09'],
  [2020, '端午节', '2020-06-25', '2020-06-27', '2020-06-28'],
  [2020, '国庆节、中秋节', '2020-10-01', '2020-10-08', '2020-09-27 2020-10-10'],
  [2021, '元旦', '2021-01-01', '2021-01-03', ''],
  [2021, '春节', '2021-02-11', '2021-02-17', '2021-02-07 2021-02-20'],
  [2021, '清明节', '2021-04-03', '2021-04-05', ''],
  [2021, '劳动节', '2021-05-01', '2021-05-05', '2021-04-25 2021-05-08'],
  [2021, '端午节', '2021-06-12', '2021-06-14', ''],
  [2021, '中秋节', '2021-09-19', '2021-09-21', '2021-09-18'],
  [2021, '国庆节', '2021-10-01', '2021-10-07', '2021-09-26 2021-10-09'],
  [2022, '元旦', '2022-01-01', '2022-01-03', ''],
  [2022, '春节', '2022-01-31', '2022-02-06', '2022-01-29 2022-01-30'],
  [2022, '清明节', '2022-04-03', '2022-04-05', '2022-04-02'],
  [2022, '劳动节', '2022-04-30', '2022-05-04', '2022-04-24 2022-05-07'],
  [2022, '端午节', '2022-06-03', '2022-06-05', ''],
  [2022, '中秋节', '2022-09-10', '2022-09-12', ''],
  [2022, '国庆节', '2022-10-01', '2022-10-07', '2022-10-08 2022-10-09'],
  [2023, '元旦', '2022-12-31', '2023-01-02', ''],
  [2023, '春节', '2023-01-21', '2023-01-27', '2023-01-28 2023-01-29'],
  [2023, '清明节', '2023-04-05', '2023-04-05', ''],
  [2023, '劳动节', '2023-04-29', '2023-05-03', '2023-04-23 2023-05-06'],
  [2023, '端午节', '2023-06-22', '2023-06-24', '2023-06-25'],
  [2023, '中秋节、国庆节', '2023-09-29', '2023-10-06', '2023-10-07 2023-10-08'],
  [2024, '元旦', '2024-01-01', '2024-01-01', ''],
  [2024, '春节', '2024-02-10', '2024-02-17', '2024-02-04 2024-02-18'],
  [2024, '清明节', '2024-04-04', '2024-04-06', '2024-04-07'],
  [2024, '劳动节', '2024-05-01', '2024-05-05', '2024-04-28 2024-05-11'],
  [2024, '端午节', '2024-06-10', '2024-06-10', ''],
  [2024, '中秋节', '2024-09-15', '2024-09-17', '2024-09-14'],
  [2024, '国庆节', '2024-10-01', '2024-10-07', '2024-09-29 2024-10-12'],
  [2025, '元旦', '2025-01-01', '2025-01-01', ''],
  [2025, '春节', '2025-01-28', '2025-02-04', '2025-01-26 2025-02-08'],
  [2025, '清明节', '2025-04-04', '2025-04-06', ''],
  [2025, '劳动节', '2025-05-01', '2025-05-05', '2025-04-27'],
  [2025, '端午节', '2025-05-31', '2025-06-02', ''],
  [2025, '国庆节、中秋节', '2025-10-01', '2025-10-08', '2025-09-28 2025-10-11'],
  [2026, '元旦', '2026-01-01', '2026-01-03', '2026-01-04'],
  [2026, '春节', '2026-02-15', '2026-02-23', '2026-02-14 2026-02-28'],
  [2026, '清明节', '2026-04-04', '2026-04-06', ''],
  [2026, '劳动节', '2026-05-01', '2026-05-05', '2026-05-09'],
  [2026, '端午节', '2026-06-19', '2026-06-21', ''],
  [2026, '中秋节', '2026-09-25', '2026-09-27', ''],
  [2026, '国庆节', '2026-10-01', '2026-10-07', '2026-09-20 2026-10-10'],
];

/** Every day from `from` to `to`, inclusive. */
function daysOf(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) days.push(d);
  return days;
}

function yearEntry(n: Notice): HolidayYearEntry {
  const holidays = HOLIDAYS.filter(([year]) => year === n.year);
  return {
    year: n.year,
    notice: {
      title: `《国务院办公厅关于${n.year}年部分节假日安排的通知》`,
      documentNumber: n.documentNumber ?? null,
      source: n.source,
      publishedOn: n.publishedOn ?? null,
    },
    amendments: n.amendments ?? [],
    off: holidays.flatMap(([, , from, to]) => daysOf(from, to)).sort(),
    work: holidays.flatMap(([, , , , work]) => (work === '' ? [] : work.split(' '))).sort(),
    periods: holidays.map(([, name, from, to]) => ({ name, from, to })),
  };
}

export const SEED_HOLIDAY_YEARS: readonly HolidayYearEntry[] = NOTICES.map(yearEntry);
