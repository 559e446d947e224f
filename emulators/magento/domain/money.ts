/** Rounds to cents the way PHP's round() does for positive amounts (half away from zero). */
export function round2(value: number): number {
  const sign = value < 0 ? -1 : 1;
  return (sign * Math.round(Math.abs(value) * 100 + 1e-7)) / 100;
}

/** Tax classes of the emulated Swedish shop: 25 % standard, 12 % food, 6 % books. */
export const TAX_RATES: Record<string, number> = { '0': 0, '2': 25, '10': 12, '11': 6 };
export const SHIPPING_TAX_RATE = 25;

export function taxRateOf(taxClassId: unknown): number {
  return TAX_RATES[String(taxClassId ?? '2')] ?? 25;
}
