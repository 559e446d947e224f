import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestMagento } from './helpers.ts';

async function waitForBulk(m: TestMagento, uuid: string) {
  for (let i = 0; i < 100; i++) {
    const status = (await m.get(`/V1/bulk/${uuid}/status`)).body;
    if (status.operations_list.every((o: { status: number }) => o.status !== 4)) return status;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('bulk never finished');
}

describe('magento emulator: async bulk', () => {
  let m: TestMagento;
  beforeAll(async () => {
    m = await TestMagento.start({ sizes: { simpleArticles: 2 } });
  });
  afterAll(() => m.close());

  it('accepts an array, processes it shortly after and reports per-operation status', async () => {
    const res = await m.post('/async/bulk/V1/products', [
      { product: { sku: 'BULK-1', name: 'Bulkartikel 1', price: 10, type_id: 'simple' } },
      { product: { sku: 'BULK-2', price: 10 } },
    ]);
    expect(res.status).toBe(202);
    expect(res.body.errors).toBe(false);
    expect(res.body.request_items.map((r: { id: number; status: string }) => [r.id, r.status])).toEqual([
      [0, 'accepted'],
      [1, 'accepted'],
    ]);
    const status = await waitForBulk(m, res.body.bulk_uuid);
    expect(status.operations_list.map((o: { status: number }) => o.status)).toEqual([1, 3]);
    expect(status.operations_list[1].result_message).toBe(
      'The "name" attribute value is empty. Set the attribute and try again.',
    );
    expect((await m.get('/V1/products/BULK-1')).body.name).toBe('Bulkartikel 1');
    const detailed = (await m.get(`/V1/bulk/${res.body.bulk_uuid}/detailed-status`)).body;
    expect(detailed.operations_list[0].topic_name).toBe('async.v1.products.post');
    // The saved product as the route answered it when the operation ran, even after a later change.
    expect((await m.put('/V1/products/BULK-1', { product: { name: 'Renamed later' } })).status).toBe(200);
    expect((await m.get('/V1/products/BULK-1')).body.name).toBe('Renamed later');
    const again = (await m.get(`/V1/bulk/${res.body.bulk_uuid}/detailed-status`)).body;
    for (const listed of [detailed, again]) {
      expect(JSON.parse(listed.operations_list[0].result_serialized_data)).toMatchObject({
        sku: 'BULK-1',
        name: 'Bulkartikel 1',
      });
      expect(listed.operations_list[0].bulk_uuid).toBe(res.body.bulk_uuid);
      expect(listed.operations_list[0].serialized_data).toBe(
        JSON.stringify({ product: { sku: 'BULK-1', name: 'Bulkartikel 1', price: 10, type_id: 'simple' } }),
      );
      expect(listed.operations_list[1].result_serialized_data ?? null).toBeNull();
      expect(listed.operations_list[1]).not.toHaveProperty('result');
    }
    expect((await m.get(`/V1/bulk/${res.body.bulk_uuid}/operation-status/1`)).body).toBe(1);
  });

  it('takes path parameters from each entry (bySku) and works for price routes', async () => {
    const res = await m.put('/async/bulk/V1/products/bySku', [{ sku: 'ART-00001', product: { price: 555 } }]);
    expect(res.status).toBe(202);
    await waitForBulk(m, res.body.bulk_uuid);
    expect((await m.get('/V1/products/ART-00001', { store: 'all' })).body.price).toBe(555);
    const tiers = await m.post('/async/bulk/V1/products/tier-prices', [
      {
        prices: [
          {
            sku: 'ART-00002',
            price: 5,
            price_type: 'fixed',
            website_id: 0,
            customer_group: 'General',
            quantity: 2,
          },
        ],
      },
    ]);
    await waitForBulk(m, tiers.body.bulk_uuid);
    expect((await m.post('/V1/products/tier-prices-information', { skus: ['ART-00002'] })).body).toHaveLength(
      1,
    );
  });

  it('answers 404 for an unknown bulk uuid', async () => {
    const res = await m.get('/V1/bulk/00000000-0000-0000-0000-000000000000/status');
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Bulk uuid %bulkUuid not exist');
  });
});
