// Specter price lists <-> Magento tier prices. Each price list is shown in Magento as fixed tier
// prices for one website and customer group; a list's quantity breaks become tier quantities, and its
// plain price (from quantity 1) a tier of quantity 1, which is what Magento calls a group price.

import { PermanentError } from '../../domain/errors.ts';
import type { PriceListEntry } from '../../domain/types.ts';
import type { MagentoTierPrice } from './magento-types.ts';
import { round } from './map-values.ts';

export interface PriceListTarget {
  websiteId: number;
  /** Customer group code, or 'ALL GROUPS'. */
  customerGroup: string;
}

export interface TierPriceContext {
  /** Price list id -> where its prices apply in Magento (one list may feed several websites). */
  targets: Record<string, PriceListTarget[]>;
  /** Website id -> base currency; an entry in another currency is refused rather than mispriced. */
  currencyByWebsiteId?: Record<number, string>;
  /** Catalogue prices entered including VAT: tier prices are written including VAT too. */
  pricesIncludeVat?: { vatPercentBySku: Record<string, number> };
}

export function priceListEntriesToTierPrices(
  entries: PriceListEntry[],
  context: TierPriceContext,
): MagentoTierPrice[] {
  const tiers: MagentoTierPrice[] = [];
  for (const entry of entries) {
    const targets = context.targets[entry.priceListId];
    if (!targets || targets.length === 0) {
      throw new PermanentError(
        `Price list ${entry.priceListId} is not mapped to a Magento website and customer group`,
        {
          code: 'magento-unmapped-price-list',
          details: { priceListId: entry.priceListId, sku: entry.sku },
        },
      );
    }
    for (const target of targets) {
      const currency = context.currencyByWebsiteId?.[target.websiteId];
      if (currency !== undefined && currency !== entry.currency) {
        throw new PermanentError(
          `Price list ${entry.priceListId} is in ${entry.currency} but Magento website ${target.websiteId} prices in ${currency}`,
          { code: 'magento-currency-mismatch', details: { priceListId: entry.priceListId, sku: entry.sku } },
        );
      }
      tiers.push({
        sku: entry.sku,
        price: toCatalogPrice(entry.sku, entry.priceExclVat, context),
        price_type: 'fixed',
        website_id: target.websiteId,
        customer_group: target.customerGroup,
        quantity: entry.fromQuantity,
      });
    }
  }
  return tiers;
}

export interface TierPricesRead {
  entries: PriceListEntry[];
  /** Tiers no price list maps to, or percentage discounts, which a price list cannot express. */
  unmapped: MagentoTierPrice[];
}

export function tierPricesToPriceListEntries(
  tiers: MagentoTierPrice[],
  context: TierPriceContext & { defaultCurrency: string },
): TierPricesRead {
  const entries: PriceListEntry[] = [];
  const unmapped: MagentoTierPrice[] = [];
  for (const tier of tiers) {
    const listId =
      tier.price_type === 'fixed'
        ? Object.entries(context.targets).find(([, targets]) =>
            targets.some(
              (t) =>
                t.websiteId === Number(tier.website_id) &&
                t.customerGroup.toLowerCase() === tier.customer_group.toLowerCase(),
            ),
          )?.[0]
        : undefined;
    if (listId === undefined) {
      unmapped.push(tier);
      continue;
    }
    const entry: PriceListEntry = {
      priceListId: listId,
      sku: tier.sku,
      currency: context.currencyByWebsiteId?.[Number(tier.website_id)] ?? context.defaultCurrency,
      fromQuantity: Number(tier.quantity),
      priceExclVat: fromCatalogPrice(tier.sku, Number(tier.price), context),
    };
    // A list feeding several websites comes back once per website: keep one entry.
    const duplicate = entries.some(
      (e) =>
        e.priceListId === entry.priceListId && e.sku === entry.sku && e.fromQuantity === entry.fromQuantity,
    );
    if (!duplicate) entries.push(entry);
  }
  return { entries, unmapped };
}

function vatFor(sku: string, context: TierPriceContext): number | undefined {
  if (!context.pricesIncludeVat) return undefined;
  const vat = context.pricesIncludeVat.vatPercentBySku[sku];
  if (vat === undefined) {
    throw new PermanentError(`No VAT rate known for ${sku}, needed because Magento prices include VAT`, {
      code: 'vat-missing',
      details: { sku },
    });
  }
  return vat;
}

function toCatalogPrice(sku: string, priceExclVat: number, context: TierPriceContext): number {
  const vat = vatFor(sku, context);
  return vat === undefined ? priceExclVat : round(priceExclVat * (1 + vat / 100), 2);
}

function fromCatalogPrice(sku: string, price: number, context: TierPriceContext): number {
  const vat = vatFor(sku, context);
  return vat === undefined ? price : round(price / (1 + vat / 100), 4);
}
