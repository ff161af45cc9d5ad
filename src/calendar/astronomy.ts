/**
 * The two astronomical moments the Chinese calendar is built from: the Sun reaching a given apparent
 * ecliptic longitude (the 24 solar terms, 节气; 清明 is 15°, 冬至 270°) and the new moon (朔).
 *
 * Methods (facts from Jean Meeus, *Astronomical Algorithms*, 2nd ed., 1998):
 * - the Sun: the heliocentric longitude of the Earth from the truncated VSOP87D series of Meeus's
 *   Appendix III (the table also printed in Reda & Andreas, NREL Solar Position Algorithm, 2004), plus
 *   the FK5 correction, the main nutation terms (Meeus ch. 22) and aberration: about 1″, i.e. a few
 *   seconds of time;
 * - the new moon: Meeus ch. 49 (mean lunation plus the periodic and planetary corrections), a few
 *   seconds to well under a minute against ELP-2000/82 in this range;
 * - ΔT (TT − UT): the polynomials of Espenak & Meeus (NASA Five Millennium Canon, 2006). The future ΔT is
 *   an extrapolation, uncertain by about a minute by 2050 and a few minutes by 2100.
 *
 * Times are Julian days; `jde` is Terrestrial Time, `jd` is Universal Time.
 * The results for 2008–2100 are checked in `lunar.test.ts` and `statutory-holidays.test.ts` against
 * independently computed and published tables.
 */

const RAD = Math.PI / 180;

/** Julian day of 1970-01-01T00:00Z (day number 0 of `dates.ts`). */
export const UNIX_EPOCH_JD = 2440587.5;
/** Julian day of J2000.0. */
const J2000 = 2451545;

type Term = readonly [a: number, b: number, c: number];

// VSOP87D, Earth, heliocentric longitude L, in 1e-8 rad; argument b + c·τ, τ in Julian millennia of TT.
const L0: readonly Term[] = [
  [175347046, 0, 0],
  [3341656, 4.6692568, 6283.07585],
  [34894, 4.6261, 12566.1517],
  [3497, 2.7441, 5753.3849],
  [3418, 2.8289, 3.5231],
  [3136, 3.6277, 77713.7715],
  [2676, 4.4181, 7860.4194],
  [2343, 6.1352, 3930.2097],
  [1324, 0.7425, 11506.7698],
  [1273, 2.0371, 529.691],
  [1199, 1.1096, 1577.3435],
  [990, 5.233, 5884.927],
  [902, 2.045, 26.298],
  [857, 3.508, 398.149],
  [780, 1.179, 5223.694],
  [753, 2.533, 5507.553],
  [505, 4.583, 18849.228],
  [492, 4.205, 775.523],
  [357, 2.92, 0.067],
  [317, 5.849, 11790.629],
  [284, 1.899, 796.298],
  [271, 0.315, 10977.079],
  [243, 0.345, 5486.778],
  [206, 4.806, 2544.314],
  [205, 1.869, 5573.143],
  [202, 2.458, 6069.777],
  [156, 0.833, 213.299],
  [132, 3.411, 2942.463],
  [126, 1.083, 20.775],
  [115, 0.645, 0.98],
  [103, 0.636, 4694.003],
  [102, 0.976, 15720.839],
  [102, 4.267, 7.114],
  [99, 6.21, 2146.17],
  [98, 0.68, 155.42],
  [86, 5.98, 161000.69],
  [85, 1.3, 6275.96],
  [85, 3.67, 71430.7],
  [80, 1.81, 17260.15],
  [79, 3.04, 12036.46],
  [75, 1.76, 5088.63],
  [74, 3.5, 3154.69],
  [74, 4.68, 801.82],
  [70, 0.83, 9437.76],
  [62, 3.98, 8827.39],
  [61, 1.82, 7084.9],
  [57, 2.78, 6286.6],
  [56, 4.39, 14143.5],
  [56, 3.47, 6279.55],
  [52, 0.19, 12139.55],
  [52, 1.33, 1748.02],
  [51, 0.28, 5856.48],
  [49, 0.49, 1194.45],
  [41, 5.37, 8429.24],
  [41, 2.4, 19651.05],
  [39, 6.17, 10447.39],
  [37, 6.04, 10213.29],
  [37, 2.57, 1059.38],
  [36, 1.71, 2352.87],
  [36, 1.78, 6812.77],
  [33, 0.59, 17789.85],
  [30, 0.44, 83996.85],
  [30, 2.74, 1349.87],
  [25, 3.16, 4690.48],
];
const L1: readonly Term[] = [
  [628331966747, 0, 0],
  [206059, 2.678235, 6283.07585],
  [4303, 2.6351, 12566.1517],
  [425, 1.59, 3.523],
  [119, 5.796, 26.298],
  [109, 2.966, 1577.344],
  [93, 2.59, 18849.23],
  [72, 1.14, 529.69],
  [68, 1.87, 398.15],
  [67, 4.41, 5507.55],
  [59, 2.89, 5223.69],
  [56, 2.17, 155.42],
  [45, 0.4, 796.3],
  [36, 0.47, 775.52],
  [29, 2.65, 7.11],
  [21, 5.34, 0.98],
  [19, 1.85, 5486.78],
  [19, 4.97, 213.3],
  [17, 2.99, 6275.96],
  [16, 0.03, 2544.31],
  [16, 1.43, 2146.17],
  [15, 1.21, 10977.08],
  [12, 2.83, 1748.02],
  [12, 3.26, 5088.63],
  [12, 5.27, 1194.45],
  [12, 2.08, 4694],
  [11, 0.77, 553.57],
  [10, 1.3, 6286.6],
  [10, 4.24, 1349.87],
  [9, 2.7, 242.73],
  [9, 5.64, 951.72],
  [8, 5.3, 2352.87],
  [6, 2.65, 9437.76],
  [6, 4.67, 4690.48],
];
const L2: readonly Term[] = [
  [52919, 0, 0],
  [8720, 1.0721, 6283.0758],
  [309, 0.867, 12566.152],
  [27, 0.05, 3.52],
  [16, 5.19, 26.3],
  [16, 3.68, 155.42],
  [10, 0.76, 18849.23],
  [9, 2.06, 77713.77],
  [7, 0.83, 775.52],
  [5, 4.66, 1577.34],
  [4, 1.03, 7.11],
  [4, 3.44, 5573.14],
  [3, 5.14, 796.3],
  [3, 6.05, 5507.55],
  [3, 1.19, 242.73],
  [3, 6.12, 529.69],
  [3, 0.31, 398.15],
  [3, 2.28, 553.57],
  [2, 4.38, 5223.69],
  [2, 3.75, 0.98],
];
const L3: readonly Term[] = [
  [289, 5.844, 6283.076],
  [35, 0, 0],
  [17, 5.49, 12566.15],
  [3, 5.2, 155.42],
  [1, 4.72, 3.52],
  [1, 5.3, 18849.23],
  [1, 5.97, 242.73],
];
const L4: readonly Term[] = [
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: the table's published value, not π
  [114, 3.142, 0],
  [8, 4.13, 6283.08],
  [1, 3.84, 12566.15],
];
const L5: readonly Term[] = [[1, 3.14, 0]];
// Radius vector R (1e-8 AU), leading terms only: it is needed for the aberration alone.
const R0: readonly Term[] = [
  [100013989, 0, 0],
  [1670700, 3.0984635, 6283.07585],
  [13956, 3.05525, 12566.1517],
];
const R1: readonly Term[] = [[103019, 1.10749, 6283.07585]];

function series(terms: readonly Term[], tau: number): number {
  let s = 0;
  for (const [a, b, c] of terms) s += a * Math.cos(b + c * tau);
  return s;
}

function normalizeDegrees(x: number): number {
  const r = x % 360;
  return r < 0 ? r + 360 : r;
}

/**
 * Apparent geocentric ecliptic longitude of the Sun, in degrees [0, 360), at `jde` (TT).
 *
 * @example apparentSolarLongitude(2448908.5) // ≈ 199.9060 (Meeus example 25.b, 1992-10-13 0h TD)
 */
export function apparentSolarLongitude(jde: number): number {
  const tau = (jde - J2000) / 365250;
  const l =
    (series(L0, tau) +
      tau *
        (series(L1, tau) +
          tau *
            (series(L2, tau) + tau * (series(L3, tau) + tau * (series(L4, tau) + tau * series(L5, tau)))))) /
    1e8;
  const r = (series(R0, tau) + tau * series(R1, tau)) / 1e8;
  const t = tau * 10;
  // Geocentric = heliocentric + 180°; FK5 correction −0.09033″.
  const geometric = l / RAD + 180 - 0.09033 / 3600;
  // Nutation in longitude, main terms (Meeus ch. 22): Ω the Moon's node, L and L′ mean longitudes.
  const omega = (125.04452 - 1934.136261 * t) * RAD;
  const sunL = (280.4665 + 36000.7698 * t) * RAD;
  const moonL = (218.3165 + 481267.8813 * t) * RAD;
  const nutation =
    -17.2 * Math.sin(omega) -
    1.32 * Math.sin(2 * sunL) -
    0.23 * Math.sin(2 * moonL) +
    0.21 * Math.sin(2 * omega);
  const aberration = -20.4898 / r;
  return normalizeDegrees(geometric + (nutation + aberration) / 3600);
}

/**
 * ΔT = TT − UT in seconds for a decimal year (Espenak & Meeus polynomials, 2005–2150).
 * Throws `RangeError` outside that span, where these polynomials do not apply.
 */
export function deltaTSeconds(year: number): number {
  if (year >= 2005 && year < 2050) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t * t;
  }
  if (year >= 2050 && year <= 2150) {
    const u = (year - 1820) / 100;
    return -20 + 32 * u * u - 0.5628 * (2150 - year);
  }
  throw new RangeError(`ΔT is only modelled for 2005–2150, not ${year}`);
}

/** Converts a TT Julian day to UT. */
export function ttToUt(jde: number): number {
  const year = 2000 + (jde - J2000) / 365.25;
  return jde - deltaTSeconds(year) / 86400;
}

/**
 * The moment (TT Julian day) the Sun's apparent longitude reaches `longitude` degrees, searched near
 * `jdeGuess` (within ±20 days). Newton iteration on the mean motion; converges to a millisecond.
 */
export function solarLongitudeMoment(longitude: number, jdeGuess: number): number {
  let jde = jdeGuess;
  for (let i = 0; i < 20; i++) {
    const diff = ((((longitude - apparentSolarLongitude(jde)) % 360) + 540) % 360) - 180;
    jde += (diff * 365.2422) / 360;
    if (Math.abs(diff) < 1e-7) break;
  }
  return jde;
}

/**
 * Moment (TT Julian day) of the new moon of lunation `k` (k = 0: 2000-01-06), Meeus ch. 49.
 *
 * @example newMoon(-283) // ≈ 2443192.65118 (Meeus example 49.a, 1977-02-18)
 */
export function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const t4 = t3 * t;
  let jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.00000015 * t3 + 0.00000000073 * t4;
  const e = 1 - 0.002516 * t - 0.0000074 * t2;
  const m = (2.5534 + 29.1053567 * k - 0.0000014 * t2 - 0.00000011 * t3) * RAD;
  const mp = (201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4) * RAD;
  const f = (160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4) * RAD;
  const om = (124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3) * RAD;
  const s = Math.sin;
  jde +=
    -0.4072 * s(mp) +
    0.17241 * e * s(m) +
    0.01608 * s(2 * mp) +
    0.01039 * s(2 * f) +
    0.00739 * e * s(mp - m) -
    0.00514 * e * s(mp + m) +
    0.00208 * e * e * s(2 * m) -
    0.00111 * s(mp - 2 * f) -
    0.00057 * s(mp + 2 * f) +
    0.00056 * e * s(2 * mp + m) -
    0.00042 * s(3 * mp) +
    0.00042 * e * s(m + 2 * f) +
    0.00038 * e * s(m - 2 * f) -
    0.00024 * e * s(2 * mp - m) -
    0.00017 * s(om) -
    0.00007 * s(mp + 2 * m) +
    0.00004 * s(2 * mp - 2 * f) +
    0.00004 * s(3 * m) +
    0.00003 * s(mp + m - 2 * f) +
    0.00003 * s(2 * mp + 2 * f) -
    0.00003 * s(mp + m + 2 * f) +
    0.00003 * s(mp - m + 2 * f) -
    0.00002 * s(mp - m - 2 * f) -
    0.00002 * s(3 * mp + m) +
    0.00002 * s(4 * mp);
  // Planetary arguments A1…A14 and their coefficients.
  const planetary: readonly (readonly [number, number, number])[] = [
    [0.000325, 299.77, 0.107408],
    [0.000165, 251.88, 0.016321],
    [0.000164, 251.83, 26.651886],
    [0.000126, 349.42, 36.412478],
    [0.00011, 84.66, 18.206239],
    [0.000062, 141.74, 53.303771],
    [0.00006, 207.14, 2.453732],
    [0.000056, 154.84, 7.30686],
    [0.000047, 34.52, 27.261239],
    [0.000042, 207.19, 0.121824],
    [0.00004, 291.34, 1.844379],
    [0.000037, 161.72, 24.198154],
    [0.000035, 239.56, 25.513099],
    [0.000023, 331.55, 3.592518],
  ];
  for (let i = 0; i < planetary.length; i++) {
    const [coef, a, b] = planetary[i] as readonly [number, number, number];
    const arg = a + b * k - (i === 0 ? 0.009173 * t2 : 0);
    jde += coef * s(arg * RAD);
  }
  return jde;
}

/** Lunation number k of the last new moon at or before `jde` (TT). */
export function lunationAtOrBefore(jde: number): number {
  let k = Math.floor((jde - 2451550.09766) / 29.530588861);
  while (newMoon(k + 1) <= jde) k++;
  while (newMoon(k) > jde) k--;
  return k;
}
