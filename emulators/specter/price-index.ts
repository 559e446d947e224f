import type { PriceEntry } from './types.ts';

/**
 * Price list entries by article number. Reading the whole catalogue renders every article's prices;
 * filtering the account's flat price list per article made that quadratic in the catalogue size.
 * The index belongs to one price array (an account that is reset gets a new array, hence a new
 * index) and is dropped by every write that adds or removes an entry.
 */
const indexes = new WeakMap<PriceEntry[], { size: number; byArticle: Map<string, PriceEntry[]> }>();

export function pricesOfArticle(prices: PriceEntry[], articleNo: string): PriceEntry[] {
  let index = indexes.get(prices);
  // The length check catches a write that forgot to call forgetPriceIndex.
  if (!index || index.size !== prices.length) {
    const byArticle = new Map<string, PriceEntry[]>();
    for (const p of prices) {
      const list = byArticle.get(p.articleNo);
      if (list) list.push(p);
      else byArticle.set(p.articleNo, [p]);
    }
    index = { size: prices.length, byArticle };
    indexes.set(prices, index);
  }
  return index.byArticle.get(articleNo) ?? [];
}

/** Called after an entry is added to or removed from the array. */
export function forgetPriceIndex(prices: PriceEntry[]): void {
  indexes.delete(prices);
}
