import { describe, expect, it } from 'vitest';
import {
  mapOrderToSpecter,
  type OrderMappingOptions,
} from '../../../src/connectors/specter/mappers/order-to-specter.ts';
import {
  rowTotalOre,
  specterOrderTotal,
  unitPriceForRowTotal,
} from '../../../src/connectors/specter/mappers/order-total.ts';
import { PermanentError } from '../../../src/domain/errors.ts';
import type { Order, OrderLine } from '../../../src/domain/types.ts';

interface LineSpec {
  sku: string;
  inclPrice: number;
  qty: number;
  vat: number;
  discount?: number;
}

/** A Magento-style line: prices incl. VAT are the truth, excl. is derived and rounded to öre. */
function line(spec: LineSpec, index: number): OrderLine {
  const rowIncl = Math.round(spec.inclPrice * spec.qty * 100) / 100;
  return {
    lineId: index + 1,
    sku: spec.sku,
    name: `Vara ${spec.sku}`,
    qty: spec.qty,
    unitPriceInclVat: spec.inclPrice,
    unitPriceExclVat: Math.round((spec.inclPrice / (1 + spec.vat / 100)) * 100) / 100,
    vatPercent: spec.vat,
    discountInclVat: spec.discount ?? 0,
    rowTotalInclVat: rowIncl,
  };
}

function order(
  lines: LineSpec[],
  shippingIncl: number,
  grandTotal: number,
  overrides: Partial<Order> = {},
): Order {
  const address = {
    firstName: 'Åsa',
    lastName: 'Öberg',
    street: ['Storgatan 1'],
    postcode: '21111',
    city: 'Malmö',
    countryCode: 'SE',
  };
  return {
    shopId: 'se',
    magentoOrderId: 17,
    incrementId: '100000123',
    storeCode: 'se',
    status: 'processing',
    state: 'processing',
    createdAt: '2024-05-01T10:00:00Z',
    updatedAt: '2024-05-01T10:00:00Z',
    currency: 'SEK',
    customer: {
      email: 'asa@example.se',
      firstName: 'Åsa',
      lastName: 'Öberg',
      isCompany: false,
      billing: address,
      language: 'SE',
    },
    lines: lines.map(line),
    shipping: {
      method: 'flatrate_flatrate',
      title: 'PostNord',
      amountInclVat: shippingIncl,
      amountExclVat: Math.round((shippingIncl / 1.25) * 100) / 100,
      vatPercent: 25,
    },
    paymentMethod: 'klarna_kco',
    paymentReference: 'kco-abc',
    grandTotalInclVat: grandTotal,
    taxTotal: 0,
    ...overrides,
  };
}

const options: OrderMappingOptions = {
  pricesIncludeVat: true,
  shippingArticleNo: 'FRAKT',
  discountArticleNo: 'RABATT',
  paymentMap: { klarna_kco: 'KG', checkmo: 'I' },
  shippingMap: { flatrate_flatrate: 'PN-SERVICEPOINT' },
  stockSiteId: 1,
  webshopId: 2,
  asInvoice: false,
};

describe('specterOrderTotal equals Magento grand_total to the öre', () => {
  // grand totals worked out by hand: sum(inclPrice × qty) − discounts + shipping
  const cases: Array<{ name: string; lines: LineSpec[]; shipping: number; grandTotal: number }> = [
    {
      name: 'one 99.90 item and 49.00 shipping',
      lines: [{ sku: 'A', inclPrice: 99.9, qty: 1, vat: 25 }],
      shipping: 49,
      grandTotal: 148.9,
    },
    {
      name: 'VAT 25/12/6 with quantities',
      lines: [
        { sku: 'A', inclPrice: 99.9, qty: 3, vat: 25 },
        { sku: 'B', inclPrice: 49, qty: 2, vat: 12 },
        { sku: 'C', inclPrice: 0.05, qty: 7, vat: 6 },
      ],
      shipping: 49,
      grandTotal: 299.7 + 98 + 0.35 + 49,
    },
    {
      name: 'discounts on two VAT rates',
      lines: [
        { sku: 'A', inclPrice: 99.9, qty: 3, vat: 25, discount: 29.97 },
        { sku: 'B', inclPrice: 49, qty: 2, vat: 12, discount: 5 },
        { sku: 'D', inclPrice: 19.9, qty: 1, vat: 25, discount: 1.99 },
        { sku: 'C', inclPrice: 0.05, qty: 7, vat: 6 },
      ],
      shipping: 0,
      grandTotal: 299.7 - 29.97 + 98 - 5 + 19.9 - 1.99 + 0.35,
    },
    {
      name: 'tiny price in bulk',
      lines: [{ sku: 'C', inclPrice: 0.05, qty: 999, vat: 25 }],
      shipping: 29,
      grandTotal: 49.95 + 29,
    },
    {
      name: 'price not divisible by VAT',
      lines: [{ sku: 'E', inclPrice: 33.33, qty: 3, vat: 12 }],
      shipping: 39,
      grandTotal: 138.99,
    },
    {
      name: 'food at 6% with odd öre',
      lines: [{ sku: 'F', inclPrice: 12.37, qty: 13, vat: 6 }],
      shipping: 0,
      grandTotal: 160.81,
    },
  ];

  it.each(cases)('$name', ({ lines, shipping, grandTotal }) => {
    const source = order(lines, shipping, Number(grandTotal.toFixed(2)));
    const { rows, warnings } = mapOrderToSpecter(source, 880, options);
    expect(specterOrderTotal(rows)).toBe(Number(grandTotal.toFixed(2)));
    expect(warnings).toEqual([]);
    // every product row on its own matches Magento's row total
    source.lines.forEach((l, i) => {
      expect(Number(rowTotalOre(rows[i]!))).toBe(Math.round(l.rowTotalInclVat * 100));
    });
  });

  it('uses the fewest decimals that hit the row total', () => {
    expect(unitPriceForRowTotal(99.9, 1, 25)).toBe(79.92);
    expect(unitPriceForRowTotal(98, 2, 12)).toBe(43.75);
    expect(unitPriceForRowTotal(49, 2, 12)).toBe(21.875);
    expect(unitPriceForRowTotal(0.35, 7, 6)).toBe(0.047);
    expect(unitPriceForRowTotal(-29.97, 1, 25)).toBe(-23.976);
  });

  it('rounds row totals half away from zero', () => {
    expect(specterOrderTotal([{ priceExclVAT: 0.02, noOfItems: 1, vatPercent: 25 }])).toBe(0.03); // 0.025
    expect(specterOrderTotal([{ priceExclVAT: -0.02, noOfItems: 1, vatPercent: 25 }])).toBe(-0.03);
    expect(specterOrderTotal([{ priceExclVAT: 79.92, noOfItems: 3, vatPercent: 25 }])).toBe(299.7);
  });
});

describe('mapOrderToSpecter', () => {
  it('builds the header and rows: products, discount per VAT rate, shipping', () => {
    const source = order(
      [
        { sku: 'A', inclPrice: 99.9, qty: 2, vat: 25, discount: 19.98 },
        { sku: 'B', inclPrice: 49, qty: 1, vat: 12, discount: 4.9 },
      ],
      49,
      199.8 - 19.98 + 49 - 4.9 + 49,
    );
    const { header, rows } = mapOrderToSpecter(source, 880, { ...options, asInvoice: true });
    expect(header).toEqual({
      customerId: 880,
      externalOrderNo: '100000123',
      currency: 'SEK',
      language: 'SE',
      payTypeIdentifier: 'KG',
      payTypeReference: 'kco-abc',
      externalDeliveryMethod: 'PN-SERVICEPOINT',
      stockSiteId: 1,
      webshopId: 2,
      createInvoice: true,
    });
    expect(rows).toEqual([
      { articleNo: 'A', articleName: 'Vara A', noOfItems: 2, vatPercent: 25, priceExclVAT: 79.92 },
      { articleNo: 'B', articleName: 'Vara B', noOfItems: 1, vatPercent: 12, priceExclVAT: 43.75 },
      { articleNo: 'RABATT', articleName: 'Rabatt 25%', noOfItems: 1, vatPercent: 25, priceExclVAT: -15.98 },
      { articleNo: 'RABATT', articleName: 'Rabatt 12%', noOfItems: 1, vatPercent: 12, priceExclVAT: -4.375 },
      { articleNo: 'FRAKT', articleName: 'PostNord', noOfItems: 1, vatPercent: 25, priceExclVAT: 39.2 },
    ]);
  });

  it('keeps the shop price excl. VAT when the shop prices exclude VAT', () => {
    const source = order([{ sku: 'A', inclPrice: 99.99, qty: 7, vat: 25 }], 0, 699.91);
    source.lines[0] = { ...source.lines[0]!, unitPriceExclVat: 79.99, rowTotalInclVat: 699.91 };
    const { rows } = mapOrderToSpecter(source, 1, { ...options, pricesIncludeVat: false });
    expect(rows[0]?.priceExclVAT).toBe(79.99);
    expect(specterOrderTotal(rows)).toBe(699.91);
  });

  it('writes discount rows without article number when none is configured', () => {
    const source = order([{ sku: 'A', inclPrice: 100, qty: 1, vat: 25, discount: 10 }], 0, 90);
    const { rows } = mapOrderToSpecter(source, 1, { ...options, discountArticleNo: undefined });
    expect(rows[1]).toEqual({ articleName: 'Rabatt 25%', noOfItems: 1, vatPercent: 25, priceExclVAT: -8 });
  });

  it('moves an öre of Magento rounding into the largest row and says so', () => {
    const source = order(
      [
        { sku: 'A', inclPrice: 99.9, qty: 1, vat: 25 },
        { sku: 'B', inclPrice: 10, qty: 1, vat: 25 },
      ],
      0,
      109.91,
    );
    const { rows, warnings } = mapOrderToSpecter(source, 1, options);
    expect(specterOrderTotal(rows)).toBe(109.91);
    expect(warnings[0]).toContain('0.01 SEK of rounding moved to row A');
  });

  it('refuses an order whose rows do not explain the grand total', () => {
    const source = order([{ sku: 'A', inclPrice: 99.9, qty: 1, vat: 25 }], 0, 0);
    expect(() => mapOrderToSpecter(source, 1, options)).toThrow(/gift card/);
  });

  it.each([
    ['payment', { paymentMethod: 'swish_payment' }, 'unmapped-payment-method', 'swish_payment'],
    [
      'shipping',
      {
        shipping: { method: 'dhl_express', title: 'DHL', amountInclVat: 0, amountExclVat: 0, vatPercent: 25 },
      },
      'unmapped-shipping-method',
      'dhl_express',
    ],
  ] as const)('names an unmapped %s method', (_kind, override, code, name) => {
    const source = order([{ sku: 'A', inclPrice: 10, qty: 1, vat: 25 }], 0, 10, override as Partial<Order>);
    const error = (() => {
      try {
        mapOrderToSpecter(source, 1, options);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(`"${name}"`);
  });
});
