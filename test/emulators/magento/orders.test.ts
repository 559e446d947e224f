import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteria, sampleOrder, TestMagento } from './helpers.ts';

describe('magento emulator: orders', () => {
  let m: TestMagento;
  beforeAll(async () => {
    m = await TestMagento.start({ sizes: { configurables: 1, variantsPerConfigurable: 2, storeViews: 2 } });
    await m.control('POST', '/products/bulk', {
      products: [
        { sku: 'KOPP', name: 'Kaffekopp', price: 125, qty: 100, tax_class_id: 2 },
        { sku: 'BOK', name: 'Kokbok', price: 106, qty: 100, tax_class_id: 11 },
        { sku: 'MAT', name: 'Kaffebönor', price: 112, qty: 100, tax_class_id: 10 },
      ],
    });
    await m.post('/V1/inventory/source-items', {
      sourceItems: [{ sku: 'CFG-00001-1', source_code: 'default', quantity: 50, status: 1 }],
    });
  });
  afterAll(() => m.close());

  const create = async (items: { sku: string; qty: number }[], extra: Record<string, unknown> = {}) => {
    const res = await m.control('POST', '/orders', sampleOrder(items, extra));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it('computes totals from prices including VAT per tax class, with shipping taxed 25 %', async () => {
    const created = await create([
      { sku: 'KOPP', qty: 2 },
      { sku: 'BOK', qty: 1 },
      { sku: 'MAT', qty: 1 },
    ]);
    const order = (await m.get(`/V1/orders/${created.entity_id}`)).body;
    expect(order).toMatchObject({
      state: 'new',
      status: 'pending',
      increment_id: '000000001',
      order_currency_code: 'SEK',
      subtotal: 400,
      subtotal_incl_tax: 468,
      shipping_amount: 39.2,
      shipping_incl_tax: 49,
      shipping_tax_amount: 9.8,
      tax_amount: 77.8,
      grand_total: 517,
    });
    const kopp = order.items.find((i: { sku: string }) => i.sku === 'KOPP');
    expect(kopp).toMatchObject({
      price: 100,
      price_incl_tax: 125,
      row_total: 200,
      row_total_incl_tax: 250,
      tax_percent: 25,
      tax_amount: 50,
      qty_ordered: 2,
      product_type: 'simple',
    });
    expect(order.items.find((i: { sku: string }) => i.sku === 'BOK')).toMatchObject({
      tax_percent: 6,
      tax_amount: 6,
      row_total: 100,
    });
    expect(order.extension_attributes.shipping_assignments[0].shipping).toMatchObject({
      method: 'postnord_standard',
      address: { city: 'Malmö', address_type: 'shipping' },
    });
    expect(order.payment.method).toBe('klarna_kp');
    expect(order.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('applies a coupon discount on prices including tax', async () => {
    const order = await create([{ sku: 'KOPP', qty: 2 }], { couponDiscountPercent: 10 });
    expect(order).toMatchObject({
      discount_amount: -25,
      grand_total: 274,
      tax_amount: 54.8,
      discount_tax_compensation_amount: 5,
    });
  });

  it('makes a configurable line into a parent item and a child item', async () => {
    const order = await create([{ sku: 'CFG-00001-1', qty: 1 }]);
    const [parent, child] = order.items;
    expect(parent).toMatchObject({ product_type: 'configurable', sku: 'CFG-00001-1' });
    expect(child).toMatchObject({
      product_type: 'simple',
      sku: 'CFG-00001-1',
      parent_item_id: parent.item_id,
      price: 0,
    });
    expect(parent.row_total_incl_tax).toBeGreaterThan(0);
  });

  it('refuses unknown SKUs with 400', async () => {
    const res = await m.control('POST', '/orders', sampleOrder([{ sku: 'FINNS-EJ', qty: 1 }]));
    expect(res.status).toBe(400);
  });

  it('numbers orders per store with Magento sequence prefixes', async () => {
    const order = await create([{ sku: 'KOPP', qty: 1 }], { storeCode: 'no_nb' });
    expect(order.increment_id).toBe('2000000001');
    expect(order.order_currency_code).toBe('NOK');
  });

  it('ships with tracks, invoices with online capture, refuses a second invoice, then completes', async () => {
    const order = await create([{ sku: 'KOPP', qty: 2 }]);
    const before = (await m.get(`/V1/orders/${order.entity_id}`)).body.updated_at;
    await m.control('POST', '/clock', { advanceSeconds: 5 });
    const shipmentId = (
      await m.post(`/V1/order/${order.entity_id}/ship`, {
        items: [{ order_item_id: order.items[0].item_id, qty: 2 }],
        notify: true,
        tracks: [{ track_number: 'PN123SE', title: 'PostNord', carrier_code: 'custom' }],
      })
    ).body;
    expect(typeof shipmentId).toBe('number');
    let current = (await m.get(`/V1/orders/${order.entity_id}`)).body;
    expect(current).toMatchObject({ state: 'processing', status: 'processing' });
    expect(current.items[0].qty_shipped).toBe(2);
    expect(current.updated_at > before).toBe(true);
    const shipment = (await m.get(`/V1/shipment/${shipmentId}`)).body;
    expect(shipment.tracks[0]).toMatchObject({
      track_number: 'PN123SE',
      title: 'PostNord',
      carrier_code: 'custom',
      order_id: order.entity_id,
    });
    const listed = (await m.get(`/V1/shipments${criteria([[['order_id', String(order.entity_id)]]])}`)).body;
    expect(listed.total_count).toBe(1);

    const invoiceId = (await m.post(`/V1/order/${order.entity_id}/invoice`, { capture: true, notify: true }))
      .body;
    expect(typeof invoiceId).toBe('number');
    current = (await m.get(`/V1/orders/${order.entity_id}`)).body;
    expect(current).toMatchObject({
      state: 'complete',
      status: 'complete',
      total_paid: 299,
      total_invoiced: 299,
    });
    expect(current.payment.last_trans_id).toBeTruthy();
    const captures = (await m.control('GET', `/state/captures?orderId=${order.entity_id}`)).body.captures;
    expect(captures).toHaveLength(1);
    expect(captures[0]).toMatchObject({ amount: 299, method: 'klarna_kp', currency: 'SEK' });

    const second = await m.post(`/V1/order/${order.entity_id}/invoice`, { capture: true });
    expect(second.status).toBe(400);
    expect(second.body.message).toBe(
      'Invoice Document Validation Error(s):\nThe order does not allow an invoice to be created.',
    );
    expect((await m.control('GET', `/state/captures?orderId=${order.entity_id}`)).body.captures).toHaveLength(
      1,
    );
    const invoices = (await m.get(`/V1/invoices${criteria([[['order_id', String(order.entity_id)]]])}`)).body;
    expect(invoices.items[0]).toMatchObject({ grand_total: 299, state: 2, shipping_incl_tax: 49 });
    expect((await m.post(`/V1/orders/${order.entity_id}/cancel`)).body).toBe(false);
  });

  it('invoices partially, splitting amounts and putting shipping on the first invoice', async () => {
    const order = await create([{ sku: 'KOPP', qty: 3 }], { paymentMethod: 'checkmo' });
    await m.post(`/V1/order/${order.entity_id}/invoice`, {
      items: [{ order_item_id: order.items[0].item_id, qty: 1 }],
    });
    await m.post(`/V1/order/${order.entity_id}/invoice`, {});
    const invoices = (await m.get(`/V1/invoices${criteria([[['order_id', String(order.entity_id)]]])}`)).body
      .items;
    expect(invoices.map((i: { grand_total: number }) => i.grand_total)).toEqual([174, 250]);
    const current = (await m.get(`/V1/orders/${order.entity_id}`)).body;
    expect(current).toMatchObject({ state: 'processing', total_invoiced: 424 });
    expect((await m.control('GET', `/state/captures?orderId=${order.entity_id}`)).body.captures).toEqual([]);
  });

  it('cancels an open order and refuses shipping it afterwards', async () => {
    const order = await create([{ sku: 'KOPP', qty: 1 }]);
    expect((await m.post(`/V1/orders/${order.entity_id}/cancel`)).body).toBe(true);
    const current = (await m.get(`/V1/orders/${order.entity_id}`)).body;
    expect(current).toMatchObject({ state: 'canceled', status: 'canceled' });
    expect(current.items[0].qty_canceled).toBe(1);
    const ship = await m.post(`/V1/order/${order.entity_id}/ship`, {});
    expect(ship.status).toBe(400);
    expect(ship.body.message).toBe(
      'Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created.',
    );
  });

  it('adds comments with status and lists them', async () => {
    const order = await create([{ sku: 'KOPP', qty: 1 }]);
    const added = await m.post(`/V1/orders/${order.entity_id}/comments`, {
      statusHistory: {
        comment: 'Levererad från Specter',
        is_customer_notified: 0,
        is_visible_on_front: 0,
        status: 'processing',
      },
    });
    expect(added.body).toBe(true);
    const current = (await m.get(`/V1/orders/${order.entity_id}`)).body;
    expect(current.status).toBe('processing');
    expect(current.status_histories[0]).toMatchObject({
      comment: 'Levererad från Specter',
      status: 'processing',
      parent_id: order.entity_id,
    });
    const comments = (await m.get(`/V1/orders/${order.entity_id}/comments`)).body;
    expect(comments.total_count).toBe(1);
  });

  it('filters orders by status, store, increment id and updated_at', async () => {
    const byStatus = (await m.get(`/V1/orders${criteria([[['status', 'canceled']]])}`)).body;
    expect(byStatus.items.every((o: { status: string }) => o.status === 'canceled')).toBe(true);
    expect(byStatus.total_count).toBeGreaterThan(0);
    expect(
      (await m.get(`/V1/orders${criteria([[['store_id', '2']]])}`)).body.items.map(
        (o: { increment_id: string }) => o.increment_id,
      ),
    ).toEqual(['2000000001']);
    expect((await m.get(`/V1/orders${criteria([[['increment_id', '000000001']]])}`)).body.total_count).toBe(
      1,
    );
    const all = (await m.get('/V1/orders')).body;
    const newest = all.items
      .map((o: { updated_at: string }) => o.updated_at)
      .sort()
      .at(-1);
    const recent = (await m.get(`/V1/orders${criteria([[['updated_at', newest, 'gteq']]])}`)).body;
    expect(recent.total_count).toBeGreaterThan(0);
    expect(recent.total_count).toBeLessThan(all.total_count);
    expect((await m.get('/V1/orders/9999')).status).toBe(404);
  });

  it('places deterministic random orders', async () => {
    const res = await m.control('POST', '/orders/random', { count: 3, storeCode: 'default' });
    expect(res.body.orders).toHaveLength(3);
  });
});
