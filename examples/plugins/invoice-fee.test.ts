import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapOrderToSpecter, specterOrderTotal } from '../../src/connectors/specter/index.ts';
import type { Order } from '../../src/domain/types.ts';
import { runPluginOnFixture } from '../../src/plugins/index.ts';
import invoiceFee from './invoice-fee.ts';

const fixture = new URL('./fixtures/order-invoice.json', import.meta.url).pathname;
const order = (): Order => JSON.parse(readFileSync(fixture, 'utf8'));
const settings = { paymentMethods: ['checkmo'], articleNo: 'FAKTAVG', amountInclVat: 29 };
const mapping = {
  pricesIncludeVat: true,
  shippingArticleNo: 'FRAKT',
  paymentMap: { checkmo: 'I' },
  shippingMap: { flatrate_flatrate: 'POSTNORD' },
  asInvoice: false,
};

describe('invoice-fee', () => {
  it('adds the fee row Magento charged, so Specter rows match the grand total', async () => {
    // Without the row, Specter's mapper refuses the order: 29 kr of the total has no row.
    expect(() => mapOrderToSpecter(order(), 1, mapping)).toThrow(/grand total/);
    const run = await runPluginOnFixture({ plugin: invoiceFee, fixture, settings });
    expect(run.changes).toEqual([
      {
        path: 'lines[1]',
        after: expect.objectContaining({
          sku: 'FAKTAVG',
          name: 'Fakturaavgift',
          qty: 1,
          rowTotalInclVat: 29,
          vatPercent: 25,
        }),
      },
    ]);
    const mapped = mapOrderToSpecter(run.after as Order, 1, mapping);
    expect(mapped.rows.map((r) => r.articleNo)).toEqual(['MUGG-01', 'FAKTAVG', 'FRAKT']);
    expect(specterOrderTotal(mapped.rows)).toBe(476);
  });

  it('adds no row when Magento did not charge the fee (waived)', async () => {
    const run = await runPluginOnFixture({
      plugin: invoiceFee,
      fixture: { ...order(), grandTotalInclVat: 447 },
      settings,
    });
    expect(run.changes).toEqual([]);
  });

  it('with chargedIn specter, adds the row and raises the total Specter invoices', async () => {
    const run = await runPluginOnFixture({
      plugin: invoiceFee,
      fixture: { ...order(), grandTotalInclVat: 447, taxTotal: 89.4 },
      settings: { ...settings, chargedIn: 'specter' },
    });
    const after = run.after as Order;
    expect(after.lines.at(-1)?.sku).toBe('FAKTAVG');
    expect(after.grandTotalInclVat).toBe(476);
    expect(after.taxTotal).toBe(95.2);
    expect(specterOrderTotal(mapOrderToSpecter(after, 1, mapping).rows)).toBe(476);
  });

  it('leaves orders of other payment methods alone', async () => {
    const run = await runPluginOnFixture({
      plugin: invoiceFee,
      fixture: { ...order(), paymentMethod: 'klarna_kp' },
      settings,
    });
    expect(run.steps).toEqual([]);
  });
});
