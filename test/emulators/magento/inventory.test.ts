import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleOrder, TestMagento } from './helpers.ts';

describe('magento emulator: stock (legacy and MSI)', () => {
  let m: TestMagento;
  beforeAll(async () => {
    m = await TestMagento.start({
      sizes: { simpleArticles: 2, configurables: 1, variantsPerConfigurable: 2 },
    });
    await m.control('POST', '/products/bulk', {
      products: [{ sku: 'LAGER-1', name: 'Lagerkopp', price: 125, qty: 10 }],
    });
  });
  afterAll(() => m.close());

  it('reads and updates the legacy stock item, status following quantity', async () => {
    const item = (await m.get('/V1/stockItems/LAGER-1')).body;
    expect(item).toMatchObject({ qty: 10, is_in_stock: true });
    expect(
      (await m.put(`/V1/products/LAGER-1/stockItems/${item.item_id}`, { stockItem: { qty: 0 } })).body,
    ).toBe(item.item_id);
    expect((await m.get('/V1/stockItems/LAGER-1')).body).toMatchObject({ qty: 0, is_in_stock: false });
    await m.put(`/V1/products/LAGER-1/stockItems/${item.item_id}`, {
      stockItem: { qty: 10, is_in_stock: true },
    });
  });

  it('sums source quantities of the stock and subtracts reservations of open orders', async () => {
    expect(
      (
        await m.post('/V1/inventory/sources', {
          source: {
            source_code: 'lager2',
            name: 'Lager 2',
            enabled: true,
            country_id: 'SE',
            postcode: '411 01',
          },
        })
      ).body,
    ).toEqual([]);
    await m.post('/V1/inventory/stock-source-links', {
      links: [{ stock_id: 1, source_code: 'lager2', priority: 2 }],
    });
    await m.post('/V1/inventory/source-items', {
      sourceItems: [{ sku: 'LAGER-1', source_code: 'lager2', quantity: 5, status: 1 }],
    });
    const items = (
      await m.get(
        '/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0][value]=LAGER-1',
      )
    ).body;
    expect(items.total_count).toBe(2);
    expect((await m.get('/V1/inventory/get-product-salable-quantity/LAGER-1/1')).body).toBe(15);

    const order = (await m.control('POST', '/orders', sampleOrder([{ sku: 'LAGER-1', qty: 4 }]))).body;
    expect((await m.get('/V1/inventory/get-product-salable-quantity/LAGER-1/1')).body).toBe(11);
    await m.post(`/V1/order/${order.entity_id}/ship`, {
      items: [{ order_item_id: order.items[0].item_id, qty: 1 }],
    });
    // Shipping deducts the shipped unit from the first source (MSI source deduction) and releases
    // its reservation: salable stays 11 (14 on hand, 3 still reserved).
    expect((await m.get('/V1/inventory/get-product-salable-quantity/LAGER-1/1')).body).toBe(11);
    const sources = (
      await m.get(
        '/V1/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0][value]=LAGER-1',
      )
    ).body.items.map((i: { quantity: number }) => i.quantity);
    expect(sources.reduce((a: number, b: number) => a + b, 0)).toBe(14);
    expect((await m.post(`/V1/orders/${order.entity_id}/cancel`)).body).toBe(true);
    expect((await m.get('/V1/inventory/get-product-salable-quantity/LAGER-1/1')).body).toBe(14);

    await m.post('/V1/inventory/source-items-delete', {
      sourceItems: [{ sku: 'LAGER-1', source_code: 'lager2' }],
    });
    expect((await m.get('/V1/inventory/get-product-salable-quantity/LAGER-1/1')).body).toBe(9);
    expect((await m.get('/V1/inventory/is-product-salable/LAGER-1/1')).body).toBe(true);
  });

  it('refuses salable quantity of a configurable and unknown stocks', async () => {
    const res = await m.get('/V1/inventory/get-product-salable-quantity/CFG-00001/1');
    expect(res.status).toBe(400);
    expect((await m.get('/V1/inventory/get-product-salable-quantity/LAGER-1/9')).status).toBe(404);
  });

  it('lists sources and stocks and validates source items', async () => {
    expect(
      (await m.get('/V1/inventory/sources')).body.items.map((s: { source_code: string }) => s.source_code),
    ).toEqual(['default', 'lager2']);
    expect((await m.get('/V1/inventory/stocks')).body.items[0]).toMatchObject({
      stock_id: 1,
      name: 'Default Stock',
    });
    const bad = await m.post('/V1/inventory/source-items', {
      sourceItems: [{ sku: 'LAGER-1', source_code: 'nowhere', quantity: 1, status: 1 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Validation Failed');
  });
});
