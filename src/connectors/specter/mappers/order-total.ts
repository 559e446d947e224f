// Öre-exact arithmetic for Specter order rows.
//
// ROUNDING RULE (our model of Specter, documented because no source states it): Specter computes
// each row's total including VAT as  noOfItems × priceExclVAT × (1 + vatPercent/100)  exactly, rounds
// it to whole öre half away from zero, and the order total is the sum of those row totals.
// We therefore choose each row's unit price excl. VAT with as few decimals as needed (2 up to 10)
// so that this rounded row total equals the row total Magento charged, öre for öre. Exact decimal
// arithmetic (BigInt) is used so float noise can never move a total by an öre.

import type { SpecterOrderRow } from '../specter-types.ts';

const PRICE_SCALE = 10;
const QTY_SCALE = 4;
const VAT_SCALE = 4;
const MAX_PRICE_DECIMALS = PRICE_SCALE;

function scaled(value: number, scale: number): bigint {
  return BigInt(value.toFixed(scale).replace('.', ''));
}

function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

/** An amount in whole öre, rounded half away from zero. */
export function toOre(amount: number): bigint {
  return divideRoundHalfAwayFromZero(scaled(amount, 6), 10_000n);
}

type RowAmounts = Pick<SpecterOrderRow, 'priceExclVAT' | 'noOfItems' | 'vatPercent'>;

/** A row's total including VAT in öre, by the rounding rule above. */
export function rowTotalOre(row: RowAmounts): bigint {
  const price = scaled(row.priceExclVAT, PRICE_SCALE);
  const qty = scaled(row.noOfItems, QTY_SCALE);
  const vatFactor = 100n * 10n ** BigInt(VAT_SCALE) + scaled(row.vatPercent, VAT_SCALE);
  // money = P/10^PS × Q/10^QS × F/(100×10^VS); öre = money × 100
  const denominator = 10n ** BigInt(PRICE_SCALE + QTY_SCALE + VAT_SCALE);
  return divideRoundHalfAwayFromZero(price * qty * vatFactor, denominator);
}

/** The order total including VAT that Specter arrives at for these rows, in currency units. */
export function specterOrderTotal(rows: RowAmounts[]): number {
  const ore = rows.reduce((sum, row) => sum + rowTotalOre(row), 0n);
  return Number(ore) / 100;
}

function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/**
 * The unit price excl. VAT, with the fewest decimals (2..10), whose row total incl. VAT for `qty`
 * at `vatPercent` is exactly `rowTotalInclVat` to the öre. A `preferred` price (e.g. the shop's own
 * excl.-VAT price) is used as is when it already gives that total.
 */
export function unitPriceForRowTotal(
  rowTotalInclVat: number,
  qty: number,
  vatPercent: number,
  preferred?: number,
): number {
  if (qty <= 0) throw new RangeError(`Row quantity must be positive, got ${qty}`);
  const target = toOre(rowTotalInclVat);
  const hits = (priceExclVAT: number) => rowTotalOre({ priceExclVAT, noOfItems: qty, vatPercent }) === target;
  if (preferred !== undefined && hits(preferred)) return preferred;
  const exact = rowTotalInclVat / (qty * (1 + vatPercent / 100));
  for (let decimals = 2; decimals <= MAX_PRICE_DECIMALS; decimals++) {
    const step = 10 ** -decimals;
    const base = roundTo(exact, decimals);
    for (const candidate of [base, roundTo(base - step, decimals), roundTo(base + step, decimals)]) {
      if (hits(candidate)) return candidate;
    }
  }
  throw new RangeError(
    `No unit price reaches ${rowTotalInclVat} for ${qty} items at ${vatPercent}% VAT within ${MAX_PRICE_DECIMALS} decimals`,
  );
}
