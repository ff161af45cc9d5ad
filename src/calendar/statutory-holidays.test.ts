import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apparentSolarLongitude, newMoon } from './astronomy.ts';
import { buildCalendar, type HolidayYearEntry } from './calendar.ts';
import { fromDayNumber, isoWeekday, toDayNumber } from './dates.ts';
import { SEED_HOLIDAY_YEARS } from './holidays-data.ts';
import {
  gregorianOfLunar,
  icuLunarDateOf,
  LunarCalendarError,
  lunarDateOf,
  lunarMonthsOfSui,
} from './lunar.ts';
import {
  qingmingDate,
  STATUTORY_MAX_YEAR,
  STATUTORY_MIN_YEAR,
  StatutoryHolidayRangeError,
  statutoryHolidays,
} from './statutory-holidays.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './workdays.ts';

/**
 * 除夕, 春节 (正月初一), 清明, 端午, 中秋 of 2027–2030, written out by hand.
 * Source: the Hong Kong Observatory's Gregorian–Lunar Calendar Conversion Tables
 * (hko.gov.hk/en/gts/time/conversion.htm), which follow the same official calendar as the Purple Mountain
 * Observatory. Read directly while writing this: the 2028 table (腊月 has 29 days, 正月初一 is 26 January)
 * and the HKO blog of 3 May 2013 (“two different dates for the Lunar New Year Day in 2030”: 3 February
 * officially, 2 February in some folk calendars). Every literal is cross-checked by two independent
 * computations run outside this repository — lunar-javascript 1.7.7 (6tail, the 寿星万年历 algorithm) and
 * astronomy-engine 2.1.19 (new moons and solar longitude) — and by this code; ICU 78 (Node 20) gets
 * 春节 2027 and 2030 wrong by a day (see the ICU test below).
 */
const VECTORS: readonly [
  year: number,
  eve: string,
  newYear: string,
  qingming: string,
  duanwu: string,
  midAutumn: string,
][] = [
  [2027, '2027-02-05', '2027-02-06', '2027-04-05', '2027-06-09', '2027-09-15'],
  [2028, '2028-01-25', '2028-01-26', '2028-04-04', '2028-05-28', '2028-10-03'],
  [2029, '2029-02-12', '2029-02-13', '2029-04-04', '2029-06-16', '2029-09-22'],
  [2030, '2030-02-02', '2030-02-03', '2030-04-05', '2030-06-05', '2030-09-12'],
];

/**
 * 正月初一, 端午 and 中秋 (MMDD) of every year 2008–2100, ten years a line, and the April day of 清明
 * (one digit a year). Produced with lunar-javascript 1.7.7 and, for 清明, also astronomy-engine 2.1.19;
 * both agree with this code on every year. They pin the computation: a change that moved a festival fails.
 * The Hong Kong Observatory warns that the new moons of 2057-09-28, 2089-09-04 and 2097-08-07 fall within
 * minutes of midnight, so 中秋 2089 (here 09-18) may yet be published as 09-19.
 */
const NEW_YEAR = [
  '0207 0126 0214 0203 0123 0210 0131 0219 0208 0128',
  '0216 0205 0125 0212 0201 0122 0210 0129 0217 0206',
  '0126 0213 0203 0123 0211 0131 0219 0208 0128 0215',
  '0204 0124 0212 0201 0122 0210 0130 0217 0206 0126',
  '0214 0202 0123 0211 0201 0219 0208 0128 0215 0204',
  '0124 0212 0202 0121 0209 0129 0217 0205 0126 0214',
  '0203 0123 0211 0131 0219 0207 0127 0215 0205 0124',
  '0212 0202 0122 0209 0129 0217 0206 0126 0214 0203',
  '0124 0210 0130 0218 0207 0127 0215 0205 0125 0212',
  '0201 0121 0209',
].join(' ');
const DUANWU = [
  '0608 0528 0616 0606 0623 0612 0602 0620 0609 0530',
  '0618 0607 0625 0614 0603 0622 0610 0531 0619 0609',
  '0528 0616 0605 0624 0612 0601 0620 0610 0530 0618',
  '0607 0527 0614 0603 0622 0611 0531 0619 0608 0529',
  '0615 0604 0623 0613 0601 0620 0610 0530 0617 0606',
  '0625 0614 0603 0622 0611 0601 0619 0608 0528 0616',
  '0604 0623 0613 0602 0620 0610 0530 0617 0606 0624',
  '0614 0604 0622 0611 0601 0619 0607 0527 0615 0605',
  '0623 0613 0602 0621 0609 0529 0617 0606 0624 0614',
  '0604 0623 0612',
].join(' ');
const MID_AUTUMN = [
  '0914 1003 0922 0912 0930 0919 0908 0927 0915 1004',
  '0924 0913 1001 0921 0910 0929 0917 1006 0925 0915',
  '1003 0922 0912 1001 0919 0908 0927 0916 1004 0924',
  '0913 1002 0920 0910 0928 0917 1005 0925 0915 1004',
  '0922 0911 0930 0919 0907 0926 0916 1005 0924 0913',
  '1002 0921 0909 0928 0917 1006 0925 0915 1003 0923',
  '0911 0929 0919 0908 0926 0916 1005 0924 0912 1001',
  '0920 0910 0928 0917 1006 0926 0914 1003 0922 0911',
  '0929 0918 0908 0927 0916 1005 0924 0913 0930 0920',
  '0909 0929 0918',
].join(' ');
const QINGMING_APRIL_DAY =
  '445544554455445544554455445544554445444544454445444544454445444544444444444444444444444444445';

function pinned(table: string, year: number): string {
  const mmdd = table.split(' ')[year - STATUTORY_MIN_YEAR] ?? '';
  return `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`;
}

describe('astronomy (Meeus, Astronomical Algorithms, worked examples)', () => {
  it('apparent solar longitude, example 25.b: 1992-10-13 0h TD → 199.9060°', () => {
    assert.ok(Math.abs(apparentSolarLongitude(2448908.5) - 199.906) < 0.0002);
  });
  it('new moon, example 49.a: k = −283 → JDE 2443192.65118 (1977-02-18)', () => {
    assert.ok(Math.abs(newMoon(-283) - 2443192.65118) < 0.00001);
  });
});

describe('the lunar calendar', () => {
  it('gives the festivals of 2027–2030 of the published tables', () => {
    for (const [year, eve, newYear, , duanwu, midAutumn] of VECTORS) {
      assert.equal(gregorianOfLunar(year, 1, 1), newYear, `${year} 春节`);
      assert.equal(fromDayNumber(toDayNumber(newYear) - 1), eve, `${year} 除夕`);
      assert.deepEqual(lunarDateOf(eve).year, year - 1, `${year} 除夕 is the last day of the previous year`);
      assert.equal(gregorianOfLunar(year, 5, 5), duanwu, `${year} 端午`);
      assert.equal(gregorianOfLunar(year, 8, 15), midAutumn, `${year} 中秋`);
    }
  });
  it('matches the pinned festival tables for every year 2008–2100', () => {
    for (let y = STATUTORY_MIN_YEAR; y <= STATUTORY_MAX_YEAR; y++) {
      assert.equal(gregorianOfLunar(y, 1, 1), pinned(NEW_YEAR, y), `${y} 春节`);
      assert.equal(gregorianOfLunar(y, 5, 5), pinned(DUANWU, y), `${y} 端午`);
      assert.equal(gregorianOfLunar(y, 8, 15), pinned(MID_AUTUMN, y), `${y} 中秋`);
    }
  });
  it('places leap months by the 中气 rule (闰二月 2023, 闰六月 2025, 闰十一月 2033) and keeps festivals out of them', () => {
    assert.deepEqual(lunarDateOf('2023-03-22'), { year: 2023, month: 2, leap: true, day: 1 });
    assert.deepEqual(lunarDateOf('2025-07-25'), { year: 2025, month: 6, leap: true, day: 1 });
    assert.deepEqual(lunarDateOf('2033-12-22'), { year: 2033, month: 11, leap: true, day: 1 });
    assert.equal(lunarMonthsOfSui(2034).filter((m) => m.leap).length, 1);
    // 2020 has a 闰四月 and 2009 a 闰五月: 端午 stays in the ordinary 五月.
    assert.equal(gregorianOfLunar(2020, 5, 5), '2020-06-25');
    assert.equal(gregorianOfLunar(2009, 5, 5), '2009-05-28');
  });
  it('refuses a day that does not exist', () => {
    assert.throws(() => gregorianOfLunar(2026, 12, 30), LunarCalendarError); // 腊月 2026 has 29 days
    assert.equal(gregorianOfLunar(2026, 12, 29), '2027-02-05');
  });
  it('agrees with ICU (the second method) on every month start 2008–2100 but the listed near-midnight new moons', () => {
    // ICU's Moon is cruder: where a new moon is within minutes of Beijing midnight ICU can be a day off.
    // The published tables side with this code on each of these (2027 and 2030: see VECTORS).
    const allowed = ['2012-08-17', '2018-11-08', '2027-02-06', '2030-02-03', '2057-09-28', '2070-03-12'];
    const differ: string[] = [];
    for (let y = STATUTORY_MIN_YEAR; y <= STATUTORY_MAX_YEAR; y++) {
      for (const m of lunarMonthsOfSui(y).slice(0, -1)) {
        const date = fromDayNumber(m.start);
        const icu = icuLunarDateOf(date);
        if (icu.day !== 1 || icu.month !== m.month || icu.leap !== m.leap) differ.push(date);
      }
    }
    const unexpected = [...new Set(differ)].filter((d) => !allowed.includes(d));
    assert.deepEqual(unexpected, []);
  });
});

describe('清明', () => {
  it('is the day of the 清明 solar term, 2027–2030 as published', () => {
    for (const [year, , , qingming] of VECTORS) assert.equal(qingmingDate(year), qingming);
  });
  it('matches the pinned table 2008–2100', () => {
    for (let y = STATUTORY_MIN_YEAR; y <= STATUTORY_MAX_YEAR; y++) {
      assert.equal(qingmingDate(y), `${y}-04-0${QINGMING_APRIL_DAY[y - STATUTORY_MIN_YEAR]}`, `${y}`);
    }
  });
});

describe('statutoryHolidays', () => {
  it('lists the thirteen days of the 2024 revision for 2027', () => {
    const s = statutoryHolidays(2027);
    assert.deepEqual(
      s.holidays.map((h) => [h.name, h.dates.join(' ')]),
      [
        ['元旦', '2027-01-01'],
        ['春节', '2027-02-05 2027-02-06 2027-02-07 2027-02-08'],
        ['清明节', '2027-04-05'],
        ['劳动节', '2027-05-01 2027-05-02'],
        ['端午节', '2027-06-09'],
        ['中秋节', '2027-09-15'],
        ['国庆节', '2027-10-01 2027-10-02 2027-10-03'],
      ],
    );
    assert.equal(s.days.length, 13);
    assert.match(s.rules.title, /国务院令第795号/);
  });
  it('applies the revision in force: 2008 (除夕–初二, 513号), 2014 (初一–初三, 644号), 2025 (除夕–初三, 795号)', () => {
    assert.deepEqual(statutoryHolidays(2008).holidays[1]?.dates, ['2008-02-06', '2008-02-07', '2008-02-08']);
    assert.deepEqual(statutoryHolidays(2014).holidays[1]?.dates, ['2014-01-31', '2014-02-01', '2014-02-02']);
    assert.deepEqual(statutoryHolidays(2024).holidays[3]?.dates, ['2024-05-01']);
    assert.deepEqual(statutoryHolidays(2025).holidays[3]?.dates, ['2025-05-01', '2025-05-02']);
    assert.equal(statutoryHolidays(2013).days.length, 11);
    assert.equal(statutoryHolidays(2024).days.length, 11);
  });
  it('merges 中秋 falling on 国庆 (2028-10-03)', () => {
    const s = statutoryHolidays(2028);
    assert.equal(s.days.length, 12);
    assert.equal(s.names.get('2028-10-03'), '中秋节、国庆节');
  });
  it('is contained in every entered notice 2019–2026 (the notices are the official check of the rule)', () => {
    for (const e of SEED_HOLIDAY_YEARS) {
      const missing = statutoryHolidays(e.year).days.filter((d) => !e.off.includes(d));
      assert.deepEqual(missing, [], `${e.year}`);
    }
  });
  it('fails clearly outside 2008–2100 instead of guessing', () => {
    for (const year of [2007, 2101, 2300]) {
      assert.throws(
        () => statutoryHolidays(year),
        (err: unknown) =>
          err instanceof StatutoryHolidayRangeError &&
          err instanceof RangeError &&
          err.year === year &&
          err.message.startsWith(`${year}年不在法定节假日推算范围（2008年至2100年）内`),
      );
    }
  });
});

describe('the calendar with computed holidays', () => {
  const cal = buildCalendar(SEED_HOLIDAY_YEARS);
  const noticeOnly = (date: string): boolean => {
    for (const e of SEED_HOLIDAY_YEARS) if (e.work.includes(date)) return true;
    for (const e of SEED_HOLIDAY_YEARS) if (e.off.includes(date)) return false;
    return isoWeekday(toDayNumber(date)) <= 5;
  };
  it('leaves 2026, which has a notice, exactly as the notice says', () => {
    for (let n = toDayNumber('2026-01-01'); n <= toDayNumber('2026-12-31'); n++) {
      const d = fromDayNumber(n);
      assert.equal(isWorkingDay(cal, d), noticeOnly(d), d);
    }
    assert.deepEqual(addWorkingDays(cal, '2026-09-18', 20), {
      date: '2026-10-22',
      provisional: false,
      provisionalYears: [],
    });
  });
  it('skips 2027-01-01 in a deadline over New Year 2027, provisionally', () => {
    const r = addWorkingDays(cal, '2026-12-20', 20);
    assert.deepEqual(r, { date: '2027-01-18', provisional: true, provisionalYears: [2027] });
    assert.equal(workingDaysBetween(cal, '2026-12-31', '2027-01-04'), 1);
  });
  it('skips the whole computed 春节 of 2027 (除夕 to 初三) and nothing else', () => {
    assert.equal(addWorkingDays(cal, '2027-02-04', 1).date, '2027-02-09');
    assert.equal(workingDaysBetween(cal, '2027-01-31', '2027-02-14'), 8); // 10 weekdays less 02-05 and 02-08
  });
  it('gives way to an entered notice: its days replace the computed ones', () => {
    const notice2027: HolidayYearEntry = {
      year: 2027,
      notice: {
        title: '《国务院办公厅关于2027年部分节假日安排的通知》',
        documentNumber: null,
        source: null,
        publishedOn: null,
      },
      off: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'],
      work: ['2027-02-20'],
    };
    const withNotice = buildCalendar([...SEED_HOLIDAY_YEARS, notice2027]);
    assert.equal(isWorkingDay(cal, '2027-02-05'), false); // computed 除夕
    assert.equal(isWorkingDay(withNotice, '2027-02-05'), true); // the (made-up) notice does not list it
    assert.equal(isWorkingDay(withNotice, '2027-02-09'), false);
    assert.equal(isWorkingDay(withNotice, '2027-02-20'), true);
    assert.equal(isWorkingDay(withNotice, '2027-06-09'), true); // no computed 端午 once a notice is entered
    assert.deepEqual(addWorkingDays(withNotice, '2027-02-04', 1), {
      date: '2027-02-05',
      provisional: false,
      provisionalYears: [],
    });
  });
  it('computes 2028 and later outside the index year by year', () => {
    assert.equal(isWorkingDay(cal, '2028-01-25'), false); // 除夕
    assert.equal(isWorkingDay(cal, '2030-06-05'), false); // 端午
    assert.equal(addWorkingDays(cal, '2029-12-31', 1).date, '2030-01-02');
  });
});
