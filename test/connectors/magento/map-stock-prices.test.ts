import { describe, expect, it } from 'vitest';
import type { MagentoTierPrice } from '../../../src/connectors/magento/magento-types.ts';
import {
  priceListEntriesToTierPrices,
  type TierPriceContext,
  tierPricesToPriceListEntries,
} from '../../../src/connectors/magento/map-prices.ts';
import {
  sourceItemToStockLevel,
  stockLevelsToLegacyStockItem,
  stockLevelToSourceItem,
} from '../../../src/connectors/magento/map-stock.ts';
import type { PriceListEntry, StockLevel } from '../../../src/domain/types.ts';

const mapping = { sourceCodeByWarehouse: { '1': 'default', '2': 'store_malmo' } };
const level = (available: number | null, warehouseId = '1', sku = 'A'): StockLevel => ({
  sku,
  warehouseId,
  available,
  sequence: 5,
});

describe('stockLevelToSourceItem', () => {
  it.each([
    [level(12), { sku: 'A', source_code: 'default', quantity: 12, status: 1 }],
    [level(0, '2'), { sku: 'A', source_code: 'store_malmo', quantity: 0, status: 0 }],
    [level(-3), { sku: 'A', source_code: 'default', quantity: 0, status: 0 }],
    [level(2.5), { sku: 'A', source_code: 'default', quantity: 2.5, status: 1 }],
    [level(null), null],
  ])('%j', (input, expected) => {
    expect(stockLevelToSourceItem(input, mapping)).toEqual(expected);
  });

  it('refuses a warehouse without a source', () => {
    expect(() => stockLevelToSourceItem(level(1, '9'), mapping)).toThrow(
      'No Magento source is mapped for Specter warehouse 9',
    );
  });

  it('maps a source item back to the warehouse of its source', () => {
    expect(
      sourceItemToStockLevel({ sku: 'A', source_code: 'store_malmo', quantity: 4, status: 1 }, mapping, 9),
    ).toEqual({
      sku: 'A',
      warehouseId: '2',
      available: 4,
      sequence: 9,
    });
    expect(
      sourceItemToStockLevel({ sku: 'A', source_code: 'other', quantity: 4, status: 1 }, mapping, 9),
    ).toBeNull();
  });
});

describe('stockLevelsToLegacyStockItem', () => {
  it.each([
    [[level(3), level(4, '2')], { qty: 7, is_in_stock: true, manage_stock: true }],
    [[level(3), level(null, '2')], { qty: 3, is_in_stock: true, manage_stock: true }],
    [[level(-2), level(1, '2')], { qty: 0, is_in_stock: false, manage_stock: true }],
    [[level(null)], null],
    [[], null],
  ])('%j', (levels, expected) => {
    expect(stockLevelsToLegacyStockItem(levels)).toEqual(expected);
  });
  it('refuses levels of several SKUs', () => {
    expect(() => stockLevelsToLegacyStockItem([level(1), level(1, '1', 'B')])).toThrow(/several SKUs/);
  });
});

describe('price lists <-> tier prices', () => {
  const context: TierPriceContext = {
    targets: {
      B2B: [{ websiteId: 1, customerGroup: 'Wholesale' }],
      VIP: [
        { websiteId: 1, customerGroup: 'VIP' },
        { websiteId: 2, customerGroup: 'VIP' },
      ],
    },
    currencyByWebsiteId: { 1: 'SEK', 2: 'SEK' },
  };
  const entry = (
    priceListId: string,
    fromQuantity: number,
    priceExclVat: number,
    currency = 'SEK',
  ): PriceListEntry => ({
    priceListId,
    sku: 'MUG',
    currency,
    fromQuantity,
    priceExclVat,
  });

  it('writes fixed tier prices per website and customer group with quantity breaks', () => {
    expect(
      priceListEntriesToTierPrices([entry('B2B', 1, 70), entry('B2B', 10, 60), entry('VIP', 1, 75)], context),
    ).toEqual([
      { sku: 'MUG', price: 70, price_type: 'fixed', website_id: 1, customer_group: 'Wholesale', quantity: 1 },
      {
        sku: 'MUG',
        price: 60,
        price_type: 'fixed',
        website_id: 1,
        customer_group: 'Wholesale',
        quantity: 10,
      },
      { sku: 'MUG', price: 75, price_type: 'fixed', website_id: 1, customer_group: 'VIP', quantity: 1 },
      { sku: 'MUG', price: 75, price_type: 'fixed', website_id: 2, customer_group: 'VIP', quantity: 1 },
    ]);
  });

  it('writes prices including VAT when the catalogue does', () => {
    const tiers = priceListEntriesToTierPrices([entry('B2B', 1, 80)], {
      ...context,
      pricesIncludeVat: { vatPercentBySku: { MUG: 25 } },
    });
    expect(tiers[0]?.price).toBe(100);
  });

  it.each([
    ['an unmapped price list', [entry('OTHER', 1, 1)], /Price list OTHER is not mapped/],
    [
      'a currency the website does not price in',
      [entry('B2B', 1, 1, 'EUR')],
      /is in EUR but Magento website 1 prices in SEK/,
    ],
  ])('refuses %s', (_name, entries, message) => {
    expect(() => priceListEntriesToTierPrices(entries, context)).toThrow(message);
  });

  it('reads tier prices back, once per list, leaving what no list maps to aside', () => {
    const tiers: MagentoTierPrice[] = [
      {
        sku: 'MUG',
        price: 60,
        price_type: 'fixed',
        website_id: 1,
        customer_group: 'wholesale',
        quantity: 10,
      },
      { sku: 'MUG', price: 75, price_type: 'fixed', website_id: 1, customer_group: 'VIP', quantity: 1 },
      { sku: 'MUG', price: 75, price_type: 'fixed', website_id: 2, customer_group: 'VIP', quantity: 1 },
      { sku: 'MUG', price: 10, price_type: 'discount', website_id: 1, customer_group: 'VIP', quantity: 5 },
      {
        sku: 'MUG',
        price: 50,
        price_type: 'fixed',
        website_id: 0,
        customer_group: 'ALL GROUPS',
        quantity: 1,
      },
    ];
    const read = tierPricesToPriceListEntries(tiers, { ...context, defaultCurrency: 'SEK' });
    expect(read.entries).toEqual([entry('B2B', 10, 60), entry('VIP', 1, 75)]);
    expect(read.unmapped).toEqual([tiers[3], tiers[4]]);
  });

  it('round-trips entries through tier prices', () => {
    const entries = [entry('B2B', 1, 70), entry('B2B', 10, 60.5), entry('VIP', 1, 75)];
    const back = tierPricesToPriceListEntries(priceListEntriesToTierPrices(entries, context), {
      ...context,
      defaultCurrency: 'SEK',
    });
    expect(back.entries).toEqual(entries);
    expect(back.unmapped).toEqual([]);
  });
});
