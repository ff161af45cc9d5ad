/**
 * 信息处理费 (docs/domain/fees.md): 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).
 *
 * Art. 3: either 按件计收 or 按量计收, both progressive (超额累进); one application is never charged under both
 * (the request type is a union, so it cannot be). Whether to charge at all (Art. 42 of the Regulation: 数量、
 * 频次明显超过合理范围) is the agency's decision; this module only computes the amount, in whole 元.
 *
 * Interpretation (UNCONFIRMED; docs/domain/fees.md#per-piece, docs/decisions/006-legal-choices.md): in tier (三) of 按件计收 the 31st–40th pieces cost 200元/件,
 * the 41st–50th 300元/件, and so on ("以10件为一档，每增加一档，收费标准提高100元/件").
 */
import { formatChineseDate, type IsoDate } from '../../calendar/dates.ts';

export const FEE_REGULATION = '《政府信息公开信息处理费管理办法》';

/** 按件计收: pieces per applicant and natural month that are free (Art. 4 (一)). */
export const FREE_PIECES_PER_MONTH = 10;
/** Last piece of tier (二) (Art. 4 (二)). */
export const SECOND_TIER_LAST_PIECE = 30;
/** Price of tier (二), 元/件. */
export const SECOND_TIER_PRICE = 100;
/** Tier (三): size of a band and price increase per band. */
export const PIECE_BAND_SIZE = 10;
export const PIECE_BAND_PRICE_STEP = 100;

/** 按量计收 tiers (Art. 5): pages from–to (inclusive) and 元/页. */
export const VOLUME_TIERS: readonly { readonly from: number; readonly to: number; readonly price: number }[] =
  [
    { from: 1, to: 30, price: 0 },
    { from: 31, to: 100, price: 10 },
    { from: 101, to: 200, price: 20 },
    { from: 201, to: Number.POSITIVE_INFINITY, price: 40 },
  ];

/** One application of the applicant, as counted for 按件计收. */
export interface MonthApplication {
  /** Registration number; orders applications received on the same day. */
  readonly ref: string;
  readonly receivedOn: IsoDate;
  /** Number of pieces after splitting by "一事一申请" (Art. 4), at least 1. */
  readonly pieces: number;
}

export type FeeRequest =
  | {
      readonly method: 'per_piece';
      readonly application: MonthApplication;
      /** The applicant's other applications (any month; others are ignored with a note). */
      readonly others: readonly MonthApplication[];
    }
  | { readonly method: 'per_volume'; readonly pages: number };

export interface FeeLine {
  /** One line of the breakdown, in Chinese. */
  readonly text: string;
  /** Amount of this line in 元, or null for an explanatory line. */
  readonly amount: number | null;
}

export interface FeeResult {
  readonly method: 'per_piece' | 'per_volume';
  /** Total in 元. */
  readonly amount: number;
  readonly lines: readonly FeeLine[];
}

/**
 * Price in 元 of the k-th piece (1-based) an applicant applies for in one natural month.
 *
 * @example piecePrice(10) // 0
 * @example piecePrice(11) // 100
 * @example piecePrice(31) // 200
 */
export function piecePrice(k: number): number {
  if (k <= FREE_PIECES_PER_MONTH) return 0;
  if (k <= SECOND_TIER_LAST_PIECE) return SECOND_TIER_PRICE;
  return (
    SECOND_TIER_PRICE + PIECE_BAND_PRICE_STEP * Math.ceil((k - SECOND_TIER_LAST_PIECE) / PIECE_BAND_SIZE)
  );
}

function pieceTierLabel(k: number): string {
  if (k <= FREE_PIECES_PER_MONTH) return `${FREE_PIECES_PER_MONTH}件以下（含${FREE_PIECES_PER_MONTH}件）`;
  if (k <= SECOND_TIER_LAST_PIECE) return `${FREE_PIECES_PER_MONTH + 1}—${SECOND_TIER_LAST_PIECE}件`;
  const band = Math.ceil((k - SECOND_TIER_LAST_PIECE) / PIECE_BAND_SIZE);
  const from = SECOND_TIER_LAST_PIECE + (band - 1) * PIECE_BAND_SIZE + 1;
  return `${from}—${from + PIECE_BAND_SIZE - 1}件`;
}

function range(from: number, to: number, unit: string): string {
  return from === to ? `第${from}${unit}` : `第${from}—${to}${unit}`;
}

function assertCount(n: number, min: number, what: string): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${what} must be an integer >= ${min}: ${n}`);
}

function monthOf(d: IsoDate): string {
  return d.slice(0, 7);
}

function isBefore(a: MonthApplication, b: MonthApplication): boolean {
  return a.receivedOn < b.receivedOn || (a.receivedOn === b.receivedOn && a.ref < b.ref);
}

/**
 * 按件计收: the fee for `application` given the applicant's other applications. Pieces are numbered through
 * the natural month of the receipt date in order of receipt (same day: by `ref`); only applications received
 * before this one in that month come before its pieces.
 */
export function computePieceFee(
  application: MonthApplication,
  others: readonly MonthApplication[],
): FeeResult {
  assertCount(application.pieces, 1, 'pieces');
  const month = monthOf(application.receivedOn);
  const [year, mon] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  let earlierPieces = 0;
  let earlierCount = 0;
  let laterCount = 0;
  let otherMonthCount = 0;
  for (const o of others) {
    if (o.ref === application.ref) continue;
    assertCount(o.pieces, 1, 'pieces');
    if (monthOf(o.receivedOn) !== month) otherMonthCount++;
    else if (isBefore(o, application)) {
      earlierPieces += o.pieces;
      earlierCount++;
    } else laterCount++;
  }
  const first = earlierPieces + 1;
  const last = earlierPieces + application.pieces;
  const lines: FeeLine[] = [
    { text: `计费方式：按件计收（${FEE_REGULATION}第四条），按超额累进方式计算。`, amount: null },
    {
      text:
        earlierCount === 0
          ? `同一申请人${year}年${mon}月在本申请之前没有其他申请。`
          : `同一申请人${year}年${mon}月在本申请之前已收申请${earlierCount}份，累计${earlierPieces}件。`,
      amount: null,
    },
    {
      text: `本申请（${formatChineseDate(application.receivedOn)}收到）共${application.pieces}件，为当月${range(first, last, '件')}。`,
      amount: null,
    },
  ];
  let amount = 0;
  let k = first;
  while (k <= last) {
    const price = piecePrice(k);
    let end = k;
    while (end < last && piecePrice(end + 1) === price) end++;
    const count = end - k + 1;
    const tier = pieceTierLabel(k);
    if (price === 0) {
      lines.push({ text: `${range(k, end, '件')}：当月累计${tier}，不收费。`, amount: 0 });
    } else {
      const sub = count * price;
      amount += sub;
      lines.push({
        text: `${range(k, end, '件')}（${tier}档）：${count}件 × ${price}元/件 = ${sub}元。`,
        amount: sub,
      });
    }
    k = end + 1;
  }
  if (laterCount > 0) {
    lines.push({
      text: `同月另有${laterCount}份申请在本申请之后收到，不计入本申请之前的累计件数。`,
      amount: null,
    });
  }
  if (otherMonthCount > 0) {
    lines.push({
      text: `另有${otherMonthCount}份申请不在${year}年${mon}月收到，不计入本月累计件数。`,
      amount: null,
    });
  }
  lines.push({ text: `合计：${amount}元。`, amount });
  return { method: 'per_piece', amount, lines };
}

/**
 * 按量计收: the fee for an application of `pages` pages (Art. 5).
 *
 * @example computeVolumeFee(150).amount // 1700
 */
export function computeVolumeFee(pages: number): FeeResult {
  assertCount(pages, 0, 'pages');
  const lines: FeeLine[] = [
    { text: `计费方式：按量计收（${FEE_REGULATION}第五条），按超额累进方式计算。`, amount: null },
    { text: `本申请提供的政府信息共${pages}页。`, amount: null },
  ];
  let amount = 0;
  for (const tier of VOLUME_TIERS) {
    if (pages < tier.from) break;
    const to = Math.min(pages, tier.to);
    const count = to - tier.from + 1;
    if (tier.price === 0) {
      lines.push({
        text: `${range(tier.from, to, '页')}：${tier.to}页以下（含${tier.to}页）的部分，不收费。`,
        amount: 0,
      });
    } else {
      const sub = count * tier.price;
      amount += sub;
      const band = Number.isFinite(tier.to) ? `${tier.from}—${tier.to}页` : `${tier.from}页以上`;
      lines.push({
        text: `${range(tier.from, to, '页')}（${band}的部分）：${count}页 × ${tier.price}元/页 = ${sub}元。`,
        amount: sub,
      });
    }
  }
  lines.push({ text: `合计：${amount}元。`, amount });
  return { method: 'per_volume', amount, lines };
}

/** Computes the fee under the one method the agency chose for this application (Art. 3). */
export function computeInformationFee(request: FeeRequest): FeeResult {
  return request.method === 'per_piece'
    ? computePieceFee(request.application, request.others)
    : computeVolumeFee(request.pages);
}
