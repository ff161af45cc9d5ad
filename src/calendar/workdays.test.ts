import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../shared/prng.testing.ts';
import { buildCalendar, type Calendar } from './calendar.ts';
import { fromDayNumber, isoWeekday, toDayNumber } from './dates.ts';
import { SEED_HOLIDAY_YEARS } from './holidays-data.ts';
import { hasStatutoryHolidays, statutoryHolidays } from './statutory-holidays.ts';
import {
  addWorkingDays,
  describeDay,
  isCovered,
  isWorkingDay,
  nextWorkingDay,
  uncoveredYears,
  workingDayOnOrAfter,
  workingDaysBetween,
} from './workdays.ts';

const cal = buildCalendar(SEED_HOLIDAY_YEARS);

/** The test vectors of docs/domain/deadlines.md#vectors: receipt date, N working days, deadline, deadline after a full 20-WD extension. */
const SPEC_VECTORS: readonly [string, number, string, string | null][] = [
  ['2019-09-20', 20, '2019-10-23', '2019-11-20'],
  ['2020-01-20', 20, '2020-02-25', '2020-03-24'],
  ['2021-09-17', 20, '2021-10-21', '2021-11-18'],
  ['2023-09-28', 20, '2023-11-01', '2023-11-29'],
  ['2024-02-05', 7, '2024-02-20', null],
  ['2024-09-27', 20, '2024-10-30', '2024-11-27'],
  ['2025-01-24', 20, '2025-02-27', '2025-03-27'],
  ['2025-09-26', 15, '2025-10-23', '2025-11-20'],
  ['2026-02-13', 20, '2026-03-19', '2026-04-17'],
  ['2026-09-18', 20, '2026-10-22', '2026-11-19'],
];

/**
 * Reference implementation: the rule of docs/domain/deadlines.md#counting stepped day by day over the raw
 * seed lists, plus the statutory holidays of a year without a notice (#provisional).
 */
function naiveIsWorkingDay(date: string): boolean {
  for (const e of SEED_HOLIDAY_YEARS) if (e.work.includes(date)) return true;
  for (const e of SEED_HOLIDAY_YEARS) if (e.off.includes(date)) return false;
  const year = Number(date.slice(0, 4));
  const noticed = SEED_HOLIDAY_YEARS.some((e) => e.year === year);
  if (!noticed && hasStatutoryHolidays(year) && statutoryHolidays(year).days.includes(date)) return false;
  return isoWeekday(toDayNumber(date)) <= 5;
}
function naiveAdd(date: string, n: number): string {
  let d = toDayNumber(date);
  let left = n;
  while (left > 0) {
    d++;
    if (naiveIsWorkingDay(fromDayNumber(d))) left--;
  }
  return fromDayNumber(d);
}

describe('docs/domain/deadlines.md#vectors', () => {
  for (const [receipt, n, due, extended] of SPEC_VECTORS) {
    it(`${receipt} + ${n} WD = ${due}${extended ? `, +20 = ${extended}` : ''}`, () => {
      const r = addWorkingDays(cal, receipt, n);
      assert.deepEqual(r, { date: due, provisional: false, provisionalYears: [] });
      assert.equal(workingDaysBetween(cal, receipt, due), n);
      if (extended) {
        assert.equal(addWorkingDays(cal, due, 20).date, extended);
        assert.equal(addWorkingDays(cal, receipt, n + 20).date, extended);
      }
    });
  }
  it('hand check of 2025-09-26 + 15 steps over the 调休 Sunday 09-28 and Saturday 10-11', () => {
    assert.equal(addWorkingDays(cal, '2025-09-26', 1).date, '2025-09-28');
    assert.equal(addWorkingDays(cal, '2025-09-26', 3).date, '2025-09-30');
    assert.equal(addWorkingDays(cal, '2025-09-26', 4).date, '2025-10-09');
    assert.equal(addWorkingDays(cal, '2025-09-26', 6).date, '2025-10-11');
  });
});

describe('isWorkingDay', () => {
  it('treats 调休上班日 on weekends as working days', () => {
    for (const d of ['2025-09-28', '2025-10-11', '2026-02-14', '2026-02-28', '2018-12-29', '2023-01-28']) {
      assert.equal(isWorkingDay(cal, d), true, d);
    }
  });
  it('treats listed 放假日 and ordinary weekends as days off', () => {
    for (const d of ['2025-10-08', '2024-02-16', '2018-12-31', '2022-12-31', '2025-11-01', '2026-02-23']) {
      assert.equal(isWorkingDay(cal, d), false, d);
    }
  });
  it('applies the 2020 春节 extension: 01-31 and 02-01 off (02-01 was a working Saturday before), 02-03 on', () => {
    assert.equal(isWorkingDay(cal, '2020-01-31'), false);
    assert.equal(isWorkingDay(cal, '2020-02-01'), false);
    assert.equal(isWorkingDay(cal, '2020-02-02'), false);
    assert.equal(isWorkingDay(cal, '2020-02-03'), true);
    assert.equal(addWorkingDays(cal, '2020-01-23', 1).date, '2020-02-03');
    assert.equal(workingDaysBetween(cal, '2020-01-23', '2020-02-03'), 1);
  });
  it('uses the statutory holidays outside the data (2027, 2010), plain Monday–Friday outside 2008–2100', () => {
    assert.equal(isWorkingDay(cal, '2027-01-01'), false); // no notice yet: 元旦 is off all the same
    assert.equal(isWorkingDay(cal, '2027-01-02'), false);
    assert.equal(isWorkingDay(cal, '2027-01-04'), true);
    assert.equal(isWorkingDay(cal, '2027-02-05'), false); // 除夕 (2024 revision)
    assert.equal(isWorkingDay(cal, '2027-02-10'), true); // 初五: no 调休 known
    assert.equal(isWorkingDay(cal, '2010-10-01'), false);
    assert.equal(isWorkingDay(cal, '2017-01-27'), true); // 除夕 was not a holiday under the 2013 revision
    assert.equal(isWorkingDay(cal, '2007-10-01'), true); // before 2008: Monday–Friday only
    assert.equal(isWorkingDay(cal, '2101-01-03'), true);
  });
  it('matches the reference rule on every day 2017-2028', () => {
    for (let d = toDayNumber('2017-01-01'); d <= toDayNumber('2028-12-31'); d++) {
      const iso = fromDayNumber(d);
      assert.equal(isWorkingDay(cal, iso), naiveIsWorkingDay(iso), iso);
    }
  });
  it('throws on an invalid date', () => {
    assert.throws(() => isWorkingDay(cal, '2025-02-29'), RangeError);
    assert.throws(() => isWorkingDay(cal, '2025-9-1'), RangeError);
  });
});

describe('addWorkingDays', () => {
  it('+0 returns the same date, even on a day off', () => {
    assert.deepEqual(addWorkingDays(cal, '2025-10-01', 0), {
      date: '2025-10-01',
      provisional: false,
      provisionalYears: [],
    });
  });
  it('counts from the next day: from a day off, +1 is the first working day after it', () => {
    assert.equal(addWorkingDays(cal, '2025-10-04', 1).date, '2025-10-09');
    assert.equal(addWorkingDays(cal, '2025-10-08', 1).date, '2025-10-09');
    assert.equal(addWorkingDays(cal, '2025-10-09', 1).date, '2025-10-10');
  });
  it('crosses into the previous year entry: 2018-12-29 (Saturday) is a working day from the 2019 notice', () => {
    assert.equal(addWorkingDays(cal, '2018-12-28', 1).date, '2018-12-29');
    assert.equal(addWorkingDays(cal, '2018-12-29', 1).date, '2019-01-02');
  });
  it('marks results as provisional when stepping into 2027', () => {
    const r = addWorkingDays(cal, '2026-12-18', 20);
    assert.equal(r.date, '2027-01-18'); // 2027-01-01 (元旦, a Friday) is skipped
    assert.equal(r.provisional, true);
    assert.deepEqual(r.provisionalYears, [2027]);
    const inside = addWorkingDays(cal, '2026-12-01', 20);
    assert.deepEqual(inside, { date: '2026-12-29', provisional: false, provisionalYears: [] });
  });
  it('the day after the last covered day is enough to make it provisional', () => {
    assert.equal(addWorkingDays(cal, '2026-12-31', 1).provisional, true);
    assert.equal(addWorkingDays(cal, '2026-12-30', 1).provisional, false);
  });
  it('marks 2018 as provisional although the 2019 notice lists some of its days', () => {
    const r = addWorkingDays(cal, '2018-12-20', 5);
    assert.equal(r.date, '2018-12-27');
    assert.deepEqual(r.provisionalYears, [2018]);
    assert.equal(isCovered(cal, '2018-12-29'), false);
    assert.equal(isCovered(cal, '2019-01-01'), true);
  });
  it('lists every uncovered year spanned, in order', () => {
    assert.deepEqual(addWorkingDays(cal, '2026-06-01', 800).provisionalYears, [2027, 2028, 2029]);
    assert.deepEqual(uncoveredYears(cal, '2017-05-01', '2020-01-01'), [2017, 2018]);
    assert.deepEqual(uncoveredYears(cal, '2020-01-01', '2017-05-01'), [2017, 2018]);
  });
  it('rejects negative and fractional counts', () => {
    assert.throws(() => addWorkingDays(cal, '2025-01-01', -1), RangeError);
    assert.throws(() => addWorkingDays(cal, '2025-01-01', 1.5), RangeError);
  });
  it('matches the day-by-day reference on random inputs 2016-2029 (seeded)', () => {
    const rnd = mulberry32(20250926);
    const from = toDayNumber('2016-01-01');
    const span = toDayNumber('2029-12-31') - from;
    for (let i = 0; i < 2000; i++) {
      const d = fromDayNumber(from + Math.floor(rnd() * span));
      const n = Math.floor(rnd() * 60);
      assert.equal(addWorkingDays(cal, d, n).date, naiveAdd(d, n), `${d} + ${n}`);
    }
  });
});

describe('workingDaysBetween', () => {
  it('counts (from, to] and is antisymmetric', () => {
    assert.equal(workingDaysBetween(cal, '2025-09-26', '2025-09-26'), 0);
    assert.equal(workingDaysBetween(cal, '2025-09-26', '2025-09-28'), 1);
    assert.equal(workingDaysBetween(cal, '2025-09-30', '2025-10-08'), 0);
    assert.equal(workingDaysBetween(cal, '2025-10-23', '2025-09-26'), -15);
  });
  it('round-trips with addWorkingDays on random inputs (seeded property test)', () => {
    const rnd = mulberry32(42);
    const from = toDayNumber('1990-01-01');
    const span = toDayNumber('2040-12-31') - from;
    for (let i = 0; i < 20000; i++) {
      const d = fromDayNumber(from + Math.floor(rnd() * span));
      const n = Math.floor(rnd() * 400);
      const t = addWorkingDays(cal, d, n).date;
      assert.equal(workingDaysBetween(cal, d, t), n, `${d} + ${n} = ${t}`);
      if (n > 0) {
        assert.equal(isWorkingDay(cal, t), true, `${t} must be a working day`);
        // t is the first day reaching n: the day before t has n - 1 working days.
        assert.equal(workingDaysBetween(cal, d, fromDayNumber(toDayNumber(t) - 1)), n - 1);
      }
    }
  });
  it('is additive: between(a, b) + between(b, c) = between(a, c) (seeded)', () => {
    const rnd = mulberry32(7);
    const base = toDayNumber('2015-01-01');
    for (let i = 0; i < 5000; i++) {
      const [a, b, c] = [0, 0, 0].map(() => fromDayNumber(base + Math.floor(rnd() * 5500))) as [
        string,
        string,
        string,
      ];
      assert.equal(
        workingDaysBetween(cal, a, b) + workingDaysBetween(cal, b, c),
        workingDaysBetween(cal, a, c),
      );
    }
  });
});

describe('nextWorkingDay / workingDayOnOrAfter', () => {
  it('nextWorkingDay is strictly after the date', () => {
    assert.equal(nextWorkingDay(cal, '2025-09-30').date, '2025-10-09');
    assert.equal(nextWorkingDay(cal, '2025-09-26').date, '2025-09-28');
    assert.equal(nextWorkingDay(cal, '2026-12-31').provisional, true);
  });
  it('workingDayOnOrAfter keeps a working day and moves a day off forward', () => {
    assert.equal(workingDayOnOrAfter(cal, '2025-09-29').date, '2025-09-29');
    assert.equal(workingDayOnOrAfter(cal, '2025-10-01').date, '2025-10-09');
  });
});

describe('describeDay', () => {
  it('explains an adjusted working Sunday with its notice', () => {
    const d = describeDay(cal, '2025-09-28');
    assert.equal(d.working, true);
    assert.equal(d.type, 'adjusted_workday');
    assert.equal(
      d.reason,
      '2025年9月28日（星期日）是工作日（调休上班日），依据《国务院办公厅关于2025年部分节假日安排的通知》。',
    );
  });
  it('names the holiday and cites the amending notice where it applies', () => {
    const d = describeDay(cal, '2020-02-01');
    assert.equal(d.holidayName, '春节');
    assert.equal(d.notices.length, 2);
    assert.match(
      d.reason,
      /^2020年2月1日（星期六）是休息日：春节放假，依据《国务院办公厅关于2020年部分节假日安排的通知》及《国务院办公厅关于延长2020年春节假期的通知》。$/,
    );
    assert.equal(describeDay(cal, '2020-01-24').notices.length, 1);
  });
  it('uses the notice of the following year for 2022-12-31', () => {
    const d = describeDay(cal, '2022-12-31');
    assert.equal(d.holidayName, '元旦');
    assert.equal(d.notices[0]?.title, '《国务院办公厅关于2023年部分节假日安排的通知》');
  });
  it('explains ordinary days and flags years without a notice', () => {
    assert.equal(describeDay(cal, '2025-11-01').reason, '2025年11月1日（星期六）是休息日：周末。');
    assert.equal(
      describeDay(cal, '2025-11-03').reason,
      '2025年11月3日（星期一）是工作日：周一至周五，且不是放假日。',
    );
    const d = describeDay(cal, '2027-01-04');
    assert.equal(d.covered, false);
    assert.equal(d.statutory, false);
    assert.match(d.reason, /2027年节假日安排尚未录入，已按法定节假日计算，调休以国务院办公厅通知为准。$/);
  });
  it('names a computed statutory holiday of a year without a notice and says it is computed', () => {
    const d = describeDay(cal, '2027-01-01');
    assert.deepEqual(
      [d.working, d.type, d.holidayName, d.statutory, d.covered],
      [false, 'holiday', '元旦', true, false],
    );
    assert.equal(
      d.reason,
      '2027年1月1日（星期五）是休息日：元旦（法定节假日，依据《全国年节及纪念日放假办法》（2024年修订，国务院令第795号）第二条推算）。2027年节假日安排尚未录入，已按法定节假日计算，调休以国务院办公厅通知为准。',
    );
    assert.equal(describeDay(cal, '2027-05-02').holidayName, '劳动节'); // a Sunday: still named
    assert.equal(describeDay(cal, '2028-10-03').holidayName, '中秋节、国庆节'); // Art. 2 order
    assert.equal(describeDay(cal, '2018-02-16').holidayName, '春节'); // inside the index, 2013 revision
    assert.equal(describeDay(cal, '2018-12-30').statutory, false); // listed by the 2019 notice
    assert.match(
      describeDay(cal, '2150-01-01').reason,
      /2150年节假日安排尚未录入，且不在法定节假日推算范围（2008年至2100年）内，按周一至周五为工作日计算/,
    );
  });
});

describe('calendar without data', () => {
  it('falls back to the statutory holidays and marks everything provisional', () => {
    const empty: Calendar = buildCalendar([]);
    const r = addWorkingDays(empty, '2025-09-26', 15);
    // 10-01…10-03 (国庆) and 10-06 (中秋, a Monday) are off; no 调休, no 补假.
    assert.equal(r.date, '2025-10-23');
    assert.deepEqual(r.provisionalYears, [2025]);
    assert.equal(workingDaysBetween(empty, '2025-09-26', '2025-10-23'), 15);
    assert.equal(addWorkingDays(empty, '2007-09-28', 1).date, '2007-10-01'); // before 2008: Monday–Friday
  });
});
