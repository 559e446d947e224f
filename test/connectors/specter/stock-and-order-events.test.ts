import { describe, expect, it } from 'vitest';
import { mapOrderEvents } from '../../../src/connectors/specter/mappers/order-events-from-specter.ts';
import { mapStockSites } from '../../../src/connectors/specter/mappers/stock-from-specter.ts';
import type { SpecterOrderStatus } from '../../../src/connectors/specter/specter-types.ts';

describe('mapStockSites', () => {
  it('gives one level per site and article, null for not stock-kept, sequence from the source', () => {
    let counter = 100;
    const levels = mapStockSites(
      [
        {
          stockSiteId: '1',
          isDefault: true,
          articles: [
            { articleNo: 'A', available: 5, inStock: 7 },
            { articleNo: 'SET', available: null, inStock: null },
          ],
        },
        { stockSiteId: '2', isDefault: false, articles: [{ articleNo: 'A', available: 0, inStock: 0 }] },
      ],
      () => ++counter,
    );
    expect(levels).toEqual([
      { sku: 'A', warehouseId: '1', available: 5, sequence: 101 },
      { sku: 'SET', warehouseId: '1', available: null, sequence: 102 },
      { sku: 'A', warehouseId: '2', available: 0, sequence: 103 },
    ]);
  });
});

const status = (over: Partial<SpecterOrderStatus>): SpecterOrderStatus => ({
  orderNo: '5012',
  externalOrderNo: '100000123',
  deliveriesUpdated: false,
  deliveries: [],
  invoices: [],
  ...over,
});

describe('mapOrderEvents', () => {
  const first = { deliveryNo: '31', trackingNo: 'SE1', rows: [{ articleNo: 'A', noOfItems: 1 }] };
  const second = {
    deliveryNo: '32',
    trackingNo: 'SE2, SE3',
    carrier: 'PNL',
    rows: [
      { articleNo: 'A', noOfItems: 1 },
      { articleNo: 'B', noOfItems: 2 },
    ],
  };

  it.each([
    ['nothing happened', status({ deliveryStatus: 'N', statusId: 2 }), []],
    [
      'partly delivered',
      status({ deliveryStatus: 'P', deliveries: [first] }),
      [['partly-delivered', 'delivery:5012:31', [['A', 1]]]],
    ],
    [
      'delivered in two parts',
      status({ deliveryStatus: 'D', deliveries: [first, second] }),
      [
        ['partly-delivered', 'delivery:5012:31', [['A', 1]]],
        [
          'delivered',
          'delivery:5012:32',
          [
            ['A', 1],
            ['B', 2],
          ],
        ],
      ],
    ],
    ['delivered without details', status({ deliveryStatus: 'D' }), [['delivered', 'delivery:5012:all', []]]],
    [
      'invoiced and paid, credit ignored',
      status({
        invoices: [
          { invoiceNo: '9001', amountInclVat: 100, isCredit: false, isPaid: true },
          { invoiceNo: '9002', amountInclVat: -100, isCredit: true, isPaid: false },
        ],
      }),
      [
        ['invoiced', 'invoice:5012:9001', []],
        ['paid', 'paid:5012:9001', []],
      ],
    ],
    ['cancelled', status({ statusId: 5 }), [['cancelled', 'cancelled:5012', []]]],
  ] as const)('%s', (_name, input, expected) => {
    const events = mapOrderEvents(input as SpecterOrderStatus);
    expect(
      events.map((e) => [e.kind, e.eventKey, e.deliveries.flatMap((d) => d.rows.map((r) => [r.sku, r.qty]))]),
    ).toEqual(expected);
    for (const event of events)
      expect(event).toMatchObject({ specterOrderNo: '5012', externalOrderNo: '100000123' });
  });

  it('keeps delivery keys stable across re-reads, as the order status moves on', () => {
    const early = mapOrderEvents(status({ deliveryStatus: 'P', deliveries: [first] }));
    const later = mapOrderEvents(
      status({
        deliveryStatus: 'D',
        deliveries: [first, second],
        invoices: [{ invoiceNo: '9001', amountInclVat: 1, isCredit: false, isPaid: false }],
      }),
    );
    const again = mapOrderEvents(
      status({
        deliveryStatus: 'D',
        deliveries: [first, second],
        invoices: [{ invoiceNo: '9001', amountInclVat: 1, isCredit: false, isPaid: false }],
      }),
    );
    expect(later.map((e) => e.eventKey)).toContain(early[0]?.eventKey);
    expect(again).toEqual(later);
    const done = new Set(early.map((e) => e.eventKey));
    expect(later.filter((e) => !done.has(e.eventKey)).map((e) => e.eventKey)).toEqual([
      'delivery:5012:32',
      'invoice:5012:9001',
    ]);
  });

  it('carries tracking numbers and carrier of each delivery', () => {
    const [event] = mapOrderEvents(status({ deliveryStatus: 'D', deliveries: [second] }));
    expect(event?.deliveries).toEqual([
      {
        deliveryNo: '32',
        trackingNumbers: ['SE2', 'SE3'],
        carrier: 'PNL',
        rows: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 2 },
        ],
      },
    ]);
  });
});
