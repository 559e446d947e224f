// Price lists -> Magento tier prices for one SKU. Pure. A price list owns the tier prices of the
// (website, customer group) pairs it is mapped to; everything else on the SKU is left as it is.
import type { PriceListEntry } from '../../domain/types.ts';
import type { TierPrice } from '../ports.ts';

export interface PriceListMapping {
  priceListId: string;
  customerGroupId: number;
  websiteId: number;
}

export function catalogPrice(priceExclVat: number, vatPercent: number, includeVat: boolean): number {
  const value = includeVat ? priceExclVat * (1 + vatPercent / 100) : priceExclVat;
  return Math.round(value * 100) / 100;
}

export function desiredTierPrices(
  sku: string,
  entries: PriceListEntry[],
  mappings: PriceListMapping[],
  vatPercent: number,
  includeVat: boolean,
): TierPrice[] {
  const tiers: TierPrice[] = [];
  for (const mapping of mappings) {
    for (const entry of entries.filter((e) => e.priceListId === mapping.priceListId)) {
      tiers.push({
        sku,
        websiteId: mapping.websiteId,
        customerGroupId: mapping.customerGroupId,
        quantity: entry.fromQuantity,
        price: catalogPrice(entry.priceExclVat, vatPercent, includeVat),
      });
    }
  }
  return tiers;
}

/** The full tier price set to write: what others own stays, what the lists own is replaced. */
export function mergeTierPrices(
  current: TierPrice[],
  desired: TierPrice[],
  mappings: PriceListMapping[],
): TierPrice[] {
  const owned = (t: TierPrice) =>
    mappings.some((m) => m.websiteId === t.websiteId && m.customerGroupId === t.customerGroupId);
  return [...current.filter((t) => !owned(t)), ...desired];
}

export function sameTierPrices(a: TierPrice[], b: TierPrice[]): boolean {
  const key = (t: TierPrice) =>
    `${t.sku}|${t.websiteId}|${t.customerGroupId}|${t.quantity}|${t.price.toFixed(2)}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}
