import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildCalendar,
  CalendarDataError,
  checkHolidayYearEntry,
  type HolidayYearEntry,
} from './calendar.ts';
import {
  addCalendarDays,
  chineseWeekday,
  formatChineseDate,
  fromDayNumber,
  isIsoDate,
  parseIsoDate,
  toDayNumber,
} from './dates.ts';
import { SEED_HOLIDAY_YEARS } from './holidays-data.ts';

describe('dates', () => {
  it('round-trips day numbers over several centuries', () => {
    for (let n = toDayNumber('1800-01-01'); n <= toDayNumber('2200-12-31'); n += 1) {
      assert.equal(toDayNumber(fromDayNumber(n)), n);
    }
    assert.equal(toDayNumber('1970-01-01'), 0);
    assert.equal(fromDayNumber(-1), '1969-12-31');
  });
  it('agrees with Date.UTC', () => {
    for (const s of ['2000-02-29', '2024-02-29', '2026-12-31', '1900-03-01', '2100-02-28']) {
      assert.equal(
        toDayNumber(s),
        Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8))) / 86400000,
      );
    }
  });
  it('rejects impossible dates and other formats', () => {
    for (const s of [
      '2025-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-9-1',
      '20250901',
      '2025-09-01T00:00',
    ]) {
      assert.equal(parseIsoDate(s), null, s);
      assert.equal(isIsoDate(s), false, s);
    }
    assert.equal(isIsoDate('2024-02-29'), true);
  });
  it('formats Chinese dates and weekdays', () => {
    assert.equal(formatChineseDate('2025-09-06'), '2025年9月6日');
    assert.equal(chineseWeekday('2025-09-28'), '星期日');
    assert.equal(addCalendarDays('2024-12-31', 1), '2025-01-01');
  });
});

describe('seed holiday data (docs/domain/deadlines.md#calendar)', () => {
  const counts: Record<number, [number, number]> = {
    2019: [24, 7],
    2020: [30, 7],
    2021: [31, 7],
    2022: [31, 7],
    2023: [27, 7],
    2024: [28, 8],
    2025: [28, 5],
    2026: [33, 6],
  };
  it('holds exactly the years 2019–2026 with the list sizes of the spec', () => {
    assert.deepEqual(
      SEED_HOLIDAY_YEARS.map((e) => e.year),
      [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026],
    );
    for (const e of SEED_HOLIDAY_YEARS)
      assert.deepEqual([e.off.length, e.work.length], counts[e.year], String(e.year));
  });
  it('cites the notice of each year, with document numbers only where the spec confirms them', () => {
    for (const e of SEED_HOLIDAY_YEARS) {
      assert.equal(e.notice.title, `《国务院办公厅关于${e.year}年部分节假日安排的通知》`);
    }
    const numbers = Object.fromEntries(SEED_HOLIDAY_YEARS.map((e) => [e.year, e.notice.documentNumber]));
    assert.equal(numbers[2022], '国办发明电〔2021〕11号');
    assert.equal(numbers[2025], '国办发明电〔2024〕12号');
    assert.equal(numbers[2026], null);
  });
  it('has no errors; the only warning is the Monday 2020-02-03 listed as a working day', () => {
    const warnings = SEED_HOLIDAY_YEARS.flatMap((e) => {
      const r = checkHolidayYearEntry(e);
      assert.deepEqual(r.errors, [], String(e.year));
      return r.warnings;
    });
    assert.deepEqual(warnings, ['2020年调休上班日2020-02-03是周一至周五，本来就是工作日。']);
  });
  it('keeps dates of adjacent years where the notices list them', () => {
    const y2019 = SEED_HOLIDAY_YEARS.find((e) => e.year === 2019);
    const y2023 = SEED_HOLIDAY_YEARS.find((e) => e.year === 2023);
    assert.ok(y2019?.off.includes('2018-12-31') && y2019.work.includes('2018-12-29'));
    assert.ok(y2023?.off.includes('2022-12-31'));
  });
  it('all 调休上班日 are weekends except 2020-02-03, and every list is sorted', () => {
    for (const e of SEED_HOLIDAY_YEARS) {
      assert.deepEqual([...e.off].sort(), e.off);
      assert.deepEqual([...e.work].sort(), e.work);
      for (const d of e.work) if (d !== '2020-02-03') assert.match(chineseWeekday(d), /星期[六日]/, d);
    }
  });
  it('named periods cover the off lists exactly', () => {
    for (const e of SEED_HOLIDAY_YEARS) {
      const covered: string[] = [];
      for (const p of e.periods ?? []) {
        for (let n = toDayNumber(p.from); n <= toDayNumber(p.to); n++) covered.push(fromDayNumber(n));
      }
      assert.deepEqual(covered, e.off, String(e.year));
    }
  });
});

describe('buildCalendar / checkHolidayYearEntry', () => {
  const base: HolidayYearEntry = {
    year: 2027,
    notice: {
      title: '《国务院办公厅关于2027年部分节假日安排的通知》',
      documentNumber: null,
      source: null,
      publishedOn: null,
    },
    off: ['2027-01-01'],
    work: [],
  };
  it('builds the seed calendar with every year covered', () => {
    const cal = buildCalendar(SEED_HOLIDAY_YEARS);
    assert.deepEqual([...cal.years.keys()], [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    assert.equal(cal.years.get(2026)?.off.has('2026-02-23'), true);
  });
  it('accepts an administrator-added year', () => {
    const cal = buildCalendar([...SEED_HOLIDAY_YEARS, base]);
    assert.equal(cal.years.has(2027), true);
  });
  it('reports invalid dates, out-of-range dates, contradictions and duplicates in Chinese', () => {
    const bad: HolidayYearEntry = {
      ...base,
      off: ['2027-02-30', '2029-01-01', '2027-05-01', '2027-05-01'],
      work: ['2027-05-01'],
    };
    const r = checkHolidayYearEntry(bad);
    assert.deepEqual(r.errors, [
      '2027年放假日中的“2027-02-30”不是有效日期（格式应为YYYY-MM-DD）。',
      '2027年放假日中的日期2029-01-01不在2026年至2028年范围内。',
      '2027年安排中的日期2027-05-01同时列为放假日和调休上班日。',
    ]);
    assert.deepEqual(r.warnings, ['2027年放假日中的日期2027-05-01重复出现。']);
    assert.throws(() => buildCalendar([bad]), CalendarDataError);
  });
  it('rejects an invalid year, a missing title and a duplicated year', () => {
    assert.deepEqual(checkHolidayYearEntry({ ...base, year: 27 }).errors, [
      '年份“27”无效，应为1949至2200之间的整数。',
    ]);
    assert.deepEqual(checkHolidayYearEntry({ ...base, notice: { ...base.notice, title: ' ' } }).errors, [
      '2027年安排缺少国务院办公厅通知的标题。',
    ]);
    assert.throws(
      () => buildCalendar([base, base]),
      (e: unknown) => e instanceof CalendarDataError && e.problems.includes('2027年的节假日安排重复录入。'),
    );
  });
  it('rejects two notices that contradict each other on a shared date', () => {
    const y2028: HolidayYearEntry = { ...base, year: 2028, off: ['2028-01-01'], work: ['2027-01-01'] };
    assert.throws(
      () => buildCalendar([base, y2028]),
      (e: unknown) =>
        e instanceof CalendarDataError &&
        e.problems[0] === '2027年与2028年的安排对2027-01-01的规定相互矛盾。',
    );
  });
  it('checks named periods against the off list', () => {
    const r = checkHolidayYearEntry({
      ...base,
      periods: [{ name: '元旦', from: '2027-01-01', to: '2027-01-02' }],
    });
    assert.deepEqual(r.errors, ['2027年假期“元旦”包含的2027-01-02不在放假日列表中。']);
    const r2 = checkHolidayYearEntry({
      ...base,
      off: ['2027-01-01', '2027-02-06'],
      periods: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }],
    });
    assert.deepEqual(r2.warnings, ['2027年放假日2027-02-06不属于任何已命名的假期。']);
  });
});
