import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestMagento } from './helpers.ts';

describe('magento emulator: prices', () => {
  let m: TestMagento;
  beforeAll(async () => {
    m = await TestMagento.start({
      sizes: { simpleArticles: 3, storeViews: 2 },
      extensions: { customerGroupPrices: true },
    });
  });
  afterAll(() => m.close());

  const tier = (
    sku: string,
    price: number,
    group: string,
    quantity: number,
    extra: Record<string, unknown> = {},
  ) => ({ sku, price, price_type: 'fixed', website_id: 0, customer_group: group, quantity, ...extra });

  it('updates base prices and lists failures instead of throwing', async () => {
    const res = await m.post('/V1/products/base-prices', {
      prices: [
        { sku: 'ART-00001', price: 123.5, store_id: 0 },
        { sku: 'NOPE', price: 10, store_id: 0 },
        { sku: 'ART-00002', price: 5, store_id: 99 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { message: 'Invalid attribute %fieldName = %fieldValue.', parameters: ['SKU', 'NOPE'] },
      {
        message: 'Requested store is not found. Row ID: SKU = ART-00002, Store ID: 99.',
        parameters: ['ART-00002', '99'],
      },
    ]);
    const info = await m.post('/V1/products/base-prices-information', { skus: ['ART-00001'] });
    expect(info.body).toEqual([{ price: 123.5, store_id: 0, sku: 'ART-00001' }]);
    const unknown = await m.post('/V1/products/base-prices-information', { skus: ['NOPE'] });
    expect(unknown.status).toBe(404);
  });

  it('adds tier prices with POST and replaces all of a SKU with PUT', async () => {
    await m.post('/V1/products/tier-prices', {
      prices: [
        tier('ART-00001', 90, 'Wholesale', 5),
        tier('ART-00001', 80, 'Wholesale', 10),
        tier('ART-00002', 50, 'ALL GROUPS', 2),
      ],
    });
    await m.post('/V1/products/tier-prices', { prices: [tier('ART-00001', 85, 'Wholesale', 10)] });
    let info = (await m.post('/V1/products/tier-prices-information', { skus: ['ART-00001'] })).body;
    expect(info.map((t: { price: number; quantity: number }) => [t.quantity, t.price]).sort()).toEqual([
      [10, 85],
      [5, 90],
    ]);

    const replaced = await m.put('/V1/products/tier-prices', {
      prices: [tier('ART-00001', 70, 'Retailer', 3, { price_type: 'discount', price: 15 })],
    });
    expect(replaced.body).toEqual([]);
    info = (await m.post('/V1/products/tier-prices-information', { skus: ['ART-00001', 'ART-00002'] })).body;
    expect(info).toEqual([
      {
        sku: 'ART-00002',
        price: 50,
        price_type: 'fixed',
        website_id: 0,
        customer_group: 'ALL GROUPS',
        quantity: 2,
      },
      {
        sku: 'ART-00001',
        price: 15,
        price_type: 'discount',
        website_id: 0,
        customer_group: 'Retailer',
        quantity: 3,
      },
    ]);
    const deleted = await m.post('/V1/products/tier-prices-delete', {
      prices: [tier('ART-00002', 50, 'ALL GROUPS', 2)],
    });
    expect(deleted.body).toEqual([]);
    expect((await m.post('/V1/products/tier-prices-information', { skus: ['ART-00002'] })).body).toEqual([]);
  });

  it('reports invalid tier price rows in the result list', async () => {
    const res = await m.post('/V1/products/tier-prices', {
      prices: [
        tier('NOPE', 10, 'General', 1),
        tier('ART-00003', 10, 'Nobody', 1),
        tier('ART-00003', 10, 'General', 0),
      ],
    });
    expect(res.body).toHaveLength(3);
    expect(res.body[0].message).toMatch(/^Invalid attribute SKU = %SKU\./);
    expect(res.body[1].message).toMatch(/^No such entity with Customer Group/);
    expect(res.body[2].message).toMatch(/^Invalid attribute Quantity/);
  });

  it('stores, reads and deletes special prices', async () => {
    const p = {
      sku: 'ART-00003',
      price: 9.9,
      store_id: 0,
      price_from: '2024-01-01 00:00:00',
      price_to: '2030-01-01 00:00:00',
    };
    expect((await m.post('/V1/products/special-price', { prices: [p] })).body).toEqual([]);
    expect((await m.post('/V1/products/special-price-information', { skus: ['ART-00003'] })).body).toEqual([
      p,
    ]);
    expect((await m.post('/V1/products/special-price-delete', { prices: [p] })).body).toEqual([]);
    expect((await m.post('/V1/products/special-price-information', { skus: ['ART-00003'] })).body).toEqual(
      [],
    );
  });

  it('serves the seeded customer groups', async () => {
    const groups = (await m.get('/V1/customerGroups/search')).body;
    expect(groups.items.map((g: { id: number; code: string }) => `${g.id}:${g.code}`)).toEqual([
      '0:NOT LOGGED IN',
      '1:General',
      '2:Wholesale',
      '3:Retailer',
    ]);
    expect((await m.get('/V1/customerGroups/2')).body.code).toBe('Wholesale');
    expect((await m.get('/V1/customerGroups/99')).status).toBe(404);
  });

  it('serves the customer-group-price extension only when enabled', async () => {
    const saved = await m.post('/V1/koppla-ext/customer-group-prices', {
      prices: [{ sku: 'ART-00001', website_id: 1, customer_group_id: 2, price: 77 }],
    });
    expect(saved.body).toEqual([]);
    expect((await m.get('/V1/koppla-ext/customer-group-prices/ART-00001')).body).toEqual([
      { sku: 'ART-00001', website_id: 1, customer_group_id: 2, price: 77 },
    ]);
    const plain = await TestMagento.start();
    try {
      const res = await fetch(`${plain.emulator.url}/rest/V1/koppla-ext/customer-group-prices/ART-00001`, {
        headers: { authorization: `Bearer ${plain.token}` },
      });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
