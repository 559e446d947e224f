import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MagentoClient, type MagentoClientOptions } from '../../../src/connectors/magento/client.ts';
import { searchCriteria } from '../../../src/connectors/magento/search-criteria.ts';
import type { MagentoRequestLogEntry } from '../../../src/connectors/magento/transport.ts';
import { PermanentError, SyncError, TransientError } from '../../../src/domain/errors.ts';
import { type FakeServer, queryObject, startFakeServer } from './fake-server.ts';

const fastBackoff = { baseDelayMs: 1, maxDelayMs: 2 };
let server: FakeServer;

beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => {
  await server.close();
});

function tokenClient(extra: Partial<MagentoClientOptions> = {}) {
  return new MagentoClient({
    baseUrl: server.baseUrl,
    auth: { kind: 'token', token: 'tok-1' },
    backoff: fastBackoff,
    ...extra,
  });
}

async function caught(promise: Promise<unknown>): Promise<SyncError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SyncError);
    return error as SyncError;
  }
  throw new Error('expected the call to fail');
}

const product = (n: number) => ({ id: n, sku: `SKU-${n}`, name: `Product ${n}`, type_id: 'simple' });

describe('MagentoClient auth', () => {
  it('logs in as admin once, sends the bearer token, and keeps secrets out of the log', async () => {
    const log: MagentoRequestLogEntry[] = [];
    server.setHandler((req) =>
      req.path === '/rest/V1/integration/admin/token'
        ? { json: 'secret-token-abc' }
        : { json: [{ id: 1, code: 'base', name: 'Main', default_group_id: 1 }] },
    );
    const client = new MagentoClient({
      baseUrl: server.baseUrl,
      auth: { kind: 'admin', username: 'koppla', password: 'hunter2' },
      onRequest: (entry) => log.push(entry),
    });
    await client.listWebsites();
    await client.listStoreViews();
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/V1/integration/admin/token',
      'GET /rest/V1/store/websites',
      'GET /rest/V1/store/storeViews',
    ]);
    expect(server.requests[0]?.body).toEqual({ username: 'koppla', password: 'hunter2' });
    expect(server.requests[1]?.headers.authorization).toBe('Bearer secret-token-abc');
    const logged = JSON.stringify(log);
    expect(logged).not.toContain('hunter2');
    expect(logged).not.toContain('secret-token-abc');
    expect(log[0]).toMatchObject({
      method: 'POST',
      status: 200,
      attempt: 1,
      requestBody: { password: '[redacted]' },
    });
    expect(log[1]).toMatchObject({
      method: 'GET',
      status: 200,
      url: `${server.baseUrl}/rest/V1/store/websites`,
    });
    expect(typeof log[1]?.durationMs).toBe('number');
  });

  it('fetches a new admin token once on 401 and repeats the call', async () => {
    let logins = 0;
    server.setHandler((req) => {
      if (req.path.endsWith('/integration/admin/token')) return { json: `token-${++logins}` };
      if (req.headers.authorization === 'Bearer token-1') {
        return {
          status: 401,
          json: {
            message: "The consumer isn't authorized to access %resources.",
            parameters: { resources: 'Magento_Catalog::products' },
          },
        };
      }
      return { json: [] };
    });
    const client = new MagentoClient({
      baseUrl: server.baseUrl,
      auth: { kind: 'admin', username: 'u', password: 'p' },
      maxRetries: 0,
    });
    await expect(client.listStoreViews()).resolves.toEqual([]);
    expect(logins).toBe(2);
    expect(server.requests.map((r) => r.headers.authorization ?? 'login')).toEqual([
      'login',
      'Bearer token-1',
      'login',
      'Bearer token-2',
    ]);
  });

  it('logs in again only once when concurrent calls meet an expired token', async () => {
    let logins = 0;
    let expired = false;
    server.setHandler((req) => {
      if (req.path.endsWith('/integration/admin/token')) return { json: `token-${++logins}` };
      if (expired && req.headers.authorization === 'Bearer token-1') {
        return {
          status: 401,
          json: {
            message: "The consumer isn't authorized to access %resources.",
            parameters: { resources: 'x' },
          },
        };
      }
      return { json: [] };
    });
    const client = new MagentoClient({
      baseUrl: server.baseUrl,
      auth: { kind: 'admin', username: 'u', password: 'p' },
    });
    await client.listWebsites();
    expired = true;
    await Promise.all([client.listWebsites(), client.listStoreViews(), client.listStoreConfigs(['se'])]);
    expect(logins).toBe(2);
    const configs = server.requests.find((r) => r.path === '/rest/V1/store/storeConfigs');
    expect(configs?.query).toEqual([['storeCodes[]', 'se']]);
  });

  it('gives up with a permanent error when the fresh token is refused too', async () => {
    server.setHandler((req) =>
      req.path.endsWith('/integration/admin/token')
        ? { json: 'always-stale' }
        : {
            status: 401,
            json: {
              message: "The consumer isn't authorized to access %resources.",
              parameters: { resources: 'Magento_Sales::sales' },
            },
          },
    );
    const client = new MagentoClient({
      baseUrl: server.baseUrl,
      auth: { kind: 'admin', username: 'u', password: 'p' },
    });
    const error = await caught(client.getOrder(5));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.code).toBe('magento-401');
    expect(error.message).toContain("The consumer isn't authorized to access Magento_Sales::sales.");
    expect(error.message).not.toContain('always-stale');
    expect(server.requests).toHaveLength(4);
  });

  it('reports a refused admin login as permanent without echoing the password', async () => {
    server.setHandler(() => ({
      status: 401,
      json: {
        message:
          'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
      },
    }));
    const client = new MagentoClient({
      baseUrl: server.baseUrl,
      auth: { kind: 'admin', username: 'u', password: 's3cret' },
    });
    const error = await caught(client.listWebsites());
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.code).toBe('magento-auth');
    expect(error.message).toContain('sign-in was incorrect');
    expect(error.message).not.toContain('s3cret');
    expect(server.requests).toHaveLength(1);
  });

  it('with a fixed integration token, a 401 is permanent and no login is tried', async () => {
    server.setHandler(() => ({
      status: 401,
      json: {
        message: "The consumer isn't authorized to access %resources.",
        parameters: { resources: 'x' },
      },
    }));
    const error = await caught(tokenClient().listWebsites());
    expect(error.code).toBe('magento-401');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer tok-1');
  });
});

describe('MagentoClient store scope and routes', () => {
  it('puts the store code in the URL and encodes SKUs', async () => {
    server.setHandler((req) => ({ json: req.method === 'DELETE' ? true : { sku: 'A/B 1', name: 'x' } }));
    const client = tokenClient();
    await client.updateProduct('A/B 1', { name: 'Skjorta' }, 'se');
    await client.createProduct({ sku: 'NEW', name: 'New' });
    await client.getProduct('A/B 1');
    await client.getProduct('A/B 1', 'no');
    await client.deleteProduct('A/B 1');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /rest/se/V1/products/A%2FB%201',
      'POST /rest/all/V1/products',
      'GET /rest/V1/products/A%2FB%201',
      'GET /rest/no/V1/products/A%2FB%201',
      'DELETE /rest/all/V1/products/A%2FB%201',
    ]);
    expect(server.requests[0]?.body).toEqual({
      product: { name: 'Skjorta', sku: 'A/B 1' },
      saveOptions: true,
    });
    expect(server.requests[1]?.body).toEqual({ product: { sku: 'NEW', name: 'New' }, saveOptions: true });
  });

  it('answers null for a product Magento does not have', async () => {
    server.setHandler(() => ({
      status: 404,
      json: { message: "The product that was requested doesn't exist. Verify the product and try again." },
    }));
    await expect(tokenClient().getProduct('NOPE')).resolves.toBeNull();
    await expect(tokenClient().getOrder(404)).resolves.toBeNull();
  });

  it('sends the order actions Magento expects', async () => {
    server.setHandler((req) => ({
      json: req.path.endsWith('/cancel') || req.path.endsWith('/comments') ? true : 77,
    }));
    const client = tokenClient();
    await client.addComment(12, {
      comment: 'Levererad',
      status: 'complete',
      isCustomerNotified: true,
      isVisibleOnFront: false,
    });
    await expect(
      client.ship(12, {
        items: [{ orderItemId: 3, qty: 1 }],
        tracks: [{ trackNumber: 'PN123', title: 'PostNord', carrierCode: 'custom' }],
        notify: true,
      }),
    ).resolves.toBe(77);
    await expect(client.invoice(12, { capture: true, notify: false })).resolves.toBe(77);
    await expect(client.cancel(12)).resolves.toBe(true);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/V1/orders/12/comments',
      'POST /rest/V1/order/12/ship',
      'POST /rest/V1/order/12/invoice',
      'POST /rest/V1/orders/12/cancel',
    ]);
    expect(server.requests[0]?.body).toEqual({
      statusHistory: {
        comment: 'Levererad',
        is_customer_notified: 1,
        is_visible_on_front: 0,
        parent_id: 12,
        status: 'complete',
      },
    });
    expect(server.requests[1]?.body).toEqual({
      items: [{ order_item_id: 3, qty: 1 }],
      notify: true,
      tracks: [{ track_number: 'PN123', title: 'PostNord', carrier_code: 'custom' }],
    });
    expect(server.requests[2]?.body).toEqual({ capture: true, notify: false });
  });

  it('lists shipments of one order with a searchCriteria filter', async () => {
    server.setHandler(() => ({ json: { items: [{ entity_id: 5, order_id: 12 }], total_count: 1 } }));
    const shipments = await tokenClient().listShipments(12);
    expect(shipments).toEqual([{ entity_id: 5, order_id: 12 }]);
    const req = server.requests[0]!;
    expect(req.path).toBe('/rest/V1/shipments');
    expect(queryObject(req)).toMatchObject({
      'searchCriteria[filter_groups][0][filters][0][field]': 'order_id',
      'searchCriteria[filter_groups][0][filters][0][value]': '12',
      'searchCriteria[filter_groups][0][filters][0][condition_type]': 'eq',
      'searchCriteria[currentPage]': '1',
    });
  });

  it('replaces tier prices with PUT and reports refused rows with parameters filled', async () => {
    server.setHandler(() => ({
      json: [{ message: "Requested product doesn't exist: %sku", parameters: { sku: 'GONE' } }],
    }));
    const failures = await tokenClient().replaceTierPrices([
      {
        sku: 'GONE',
        price: 10,
        price_type: 'fixed',
        website_id: 0,
        customer_group: 'ALL GROUPS',
        quantity: 2,
      },
    ]);
    expect(server.requests[0]?.method).toBe('PUT');
    expect(server.requests[0]?.path).toBe('/rest/V1/products/tier-prices');
    expect(failures[0]?.message).toBe("Requested product doesn't exist: GONE");
  });

  it('stores stock through MSI source items and reads them back by SKU', async () => {
    server.setHandler((req) =>
      req.method === 'POST'
        ? { json: [] }
        : { json: { items: [{ sku: 'A', source_code: 'default', quantity: 3, status: 1 }], total_count: 1 } },
    );
    const client = tokenClient();
    await client.saveSourceItems([{ sku: 'A', source_code: 'default', quantity: 3, status: 1 }]);
    const items = await client.getSourceItems(['A', 'B']);
    expect(items).toHaveLength(1);
    expect(server.requests[0]?.body).toEqual({
      sourceItems: [{ sku: 'A', source_code: 'default', quantity: 3, status: 1 }],
    });
    expect(queryObject(server.requests[1]!)).toMatchObject({
      'searchCriteria[filter_groups][0][filters][0][field]': 'sku',
      'searchCriteria[filter_groups][0][filters][0][value]': 'A,B',
      'searchCriteria[filter_groups][0][filters][0][condition_type]': 'in',
    });
  });
});

describe('MagentoClient chunked lookups', () => {
  it('asks for source items of many SKUs in chunks of 100', async () => {
    server.setHandler((req) => {
      const skus = (queryObject(req)['searchCriteria[filter_groups][0][filters][0][value]'] ?? '').split(',');
      return {
        json: {
          items: skus.map((sku) => ({ sku, source_code: 'default', quantity: 1, status: 1 })),
          total_count: skus.length,
        },
      };
    });
    const skus = Array.from({ length: 150 }, (_, i) => `SKU-${i}`);
    const items = await tokenClient().getSourceItems(skus);
    expect(items.map((item) => item.sku)).toEqual(skus);
    expect(server.requests).toHaveLength(2);
  });
});

describe('MagentoClient paging', () => {
  it('pages products to the end using total_count and stops there', async () => {
    const all = [1, 2, 3, 4, 5].map(product);
    server.setHandler((req) => {
      const q = queryObject(req);
      const size = Number(q['searchCriteria[pageSize]']);
      const page = Number(q['searchCriteria[currentPage]']);
      // Like Magento: a page past the end answers the last page again.
      const last = Math.ceil(all.length / size);
      const from = (Math.min(page, last) - 1) * size;
      return { json: { items: all.slice(from, from + size), total_count: all.length } };
    });
    const skus: string[] = [];
    for await (const p of tokenClient().searchProducts(
      searchCriteria().where('type_id', 'eq', 'simple').pageSize(2),
      'se',
    )) {
      skus.push(p.sku);
    }
    expect(skus).toEqual(['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5']);
    expect(server.requests.map((r) => queryObject(r)['searchCriteria[currentPage]'])).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(server.requests.every((r) => r.path === '/rest/se/V1/products')).toBe(true);
    expect(queryObject(server.requests[0]!)).toMatchObject({
      'searchCriteria[filter_groups][0][filters][0][field]': 'type_id',
      'searchCriteria[sortOrders][0][field]': 'entity_id',
      'searchCriteria[sortOrders][0][direction]': 'ASC',
    });
  });

  it('asks for only the named fields of each product, and always for total_count', async () => {
    server.setHandler(() => ({ json: { items: [product(1)], total_count: 1 } }));
    const seen: string[] = [];
    for await (const p of tokenClient().searchProducts(searchCriteria(), undefined, {
      fields: 'id,sku,extension_attributes[configurable_product_links]',
    }))
      seen.push(p.sku);
    expect(seen).toEqual(['SKU-1']);
    expect(queryObject(server.requests[0]!).fields).toBe(
      'items[id,sku,extension_attributes[configurable_product_links]],total_count',
    );
    // Without fields, no filter: the whole product.
    for await (const _ of tokenClient().searchProducts()) {
      // drain
    }
    expect(queryObject(server.requests[1]!).fields).toBeUndefined();
  });

  it('makes one request for an empty result', async () => {
    server.setHandler(() => ({ json: { items: [], total_count: 0 } }));
    const seen = [];
    for await (const p of tokenClient().searchProducts()) seen.push(p);
    expect(seen).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('fails loudly when the server serves a page again instead of the next one', async () => {
    const all = [1, 2, 3, 4, 5].map(product);
    // A broken server (or a proxy cache) that ignores currentPage.
    server.setHandler(() => ({ json: { items: all.slice(0, 2), total_count: 5 } }));
    const seen: string[] = [];
    const run = async () => {
      for await (const p of tokenClient().searchProducts(searchCriteria().pageSize(2))) seen.push(p.sku);
    };
    const error = await caught(run());
    expect(error.code).toBe('magento-paging-inconsistent');
    expect(error.message).toContain('SKU-1 was already returned');
    expect(seen).toEqual(['SKU-1', 'SKU-2']);
  });

  it('an order scan reads orders placed while it pages at the end, each once, and passes over a moved one', async () => {
    const order = (id: number) => ({
      entity_id: id,
      increment_id: `00000000${id}`,
      updated_at: '2026-11-25 10:00:00',
    });
    const list = [1, 2, 3, 4].map(order);
    server.setHandler((req) => {
      const q = queryObject(req);
      const page = Number(q['searchCriteria[currentPage]']);
      const size = Number(q['searchCriteria[pageSize]']);
      const answer = { items: list.slice((page - 1) * size, page * size), total_count: list.length };
      // After each page, a new order arrives; after page 1, order 2 changes and moves to the end.
      list.push(order(100 + page));
      if (page === 1) list.push(...list.splice(1, 1));
      return { json: answer };
    });
    const ids: number[] = [];
    for await (const o of tokenClient().searchOrders({ updatedFrom: '2026-11-25T09:00:00Z', pageSize: 2 }))
      ids.push(o.entity_id as number);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 2)).toEqual([1, 2]);
    expect(ids).toContain(101);
    // Order 3 was pushed back onto page 1 by the move: the overlap window of the next poll reads it.
    expect(ids).not.toContain(3);
  });

  it('an order scan still fails when the server serves the same page again', async () => {
    const order = (id: number) => ({
      entity_id: id,
      increment_id: `${id}`,
      updated_at: '2026-11-25 10:00:00',
    });
    server.setHandler(() => ({ json: { items: [order(1), order(2)], total_count: 6 } }));
    const run = async () => {
      for await (const _ of tokenClient().searchOrders({
        updatedFrom: '2026-11-25T09:00:00Z',
        pageSize: 2,
      })) {
        // drain
      }
    };
    const error = await caught(run());
    expect(error.code).toBe('magento-paging-inconsistent');
    expect(error.message).toContain('only items already returned');
  });

  it('fails loudly when a page comes back short before total_count is reached', async () => {
    server.setHandler((req) => {
      const page = Number(queryObject(req)['searchCriteria[currentPage]']);
      return { json: { items: page === 1 ? [product(1), product(2)] : [], total_count: 7 } };
    });
    const run = async () => {
      for await (const _ of tokenClient().searchProducts(searchCriteria().pageSize(2))) {
        // drain
      }
    };
    const error = await caught(run());
    expect(error.code).toBe('magento-paging-inconsistent');
    expect(error.message).toContain('total_count is 7');
  });

  it('searches orders by update time, status and store with a stable sort', async () => {
    server.setHandler(() => ({
      json: { items: [{ entity_id: 9, increment_id: '100000009' }], total_count: 1 },
    }));
    const orders = [];
    for await (const order of tokenClient().searchOrders({
      updatedFrom: '2026-03-01T10:00:00.000Z',
      updatedTo: new Date('2026-03-02T00:00:00Z'),
      statuses: ['pending', 'processing'],
      storeIds: [1, 2],
      pageSize: 25,
    })) {
      orders.push(order);
    }
    expect(orders).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/rest/V1/orders');
    expect(server.requests[0]?.query).toEqual([
      ['searchCriteria[filter_groups][0][filters][0][field]', 'updated_at'],
      ['searchCriteria[filter_groups][0][filters][0][value]', '2026-03-01 10:00:00'],
      ['searchCriteria[filter_groups][0][filters][0][condition_type]', 'gteq'],
      ['searchCriteria[filter_groups][1][filters][0][field]', 'updated_at'],
      ['searchCriteria[filter_groups][1][filters][0][value]', '2026-03-02 00:00:00'],
      ['searchCriteria[filter_groups][1][filters][0][condition_type]', 'lt'],
      ['searchCriteria[filter_groups][2][filters][0][field]', 'status'],
      ['searchCriteria[filter_groups][2][filters][0][value]', 'pending,processing'],
      ['searchCriteria[filter_groups][2][filters][0][condition_type]', 'in'],
      ['searchCriteria[filter_groups][3][filters][0][field]', 'store_id'],
      ['searchCriteria[filter_groups][3][filters][0][value]', '1,2'],
      ['searchCriteria[filter_groups][3][filters][0][condition_type]', 'in'],
      ['searchCriteria[sortOrders][0][field]', 'updated_at'],
      ['searchCriteria[sortOrders][0][direction]', 'ASC'],
      ['searchCriteria[sortOrders][1][field]', 'entity_id'],
      ['searchCriteria[sortOrders][1][direction]', 'ASC'],
      ['searchCriteria[pageSize]', '25'],
      ['searchCriteria[currentPage]', '1'],
    ]);
  });
});

describe('MagentoClient errors and retries', () => {
  it('waits out Retry-After on 503 and then succeeds', async () => {
    server.setHandler((_req, index) =>
      index === 0
        ? { status: 503, json: { message: 'Service Unavailable' }, headers: { 'retry-after': '1' } }
        : { json: [] },
    );
    const started = Date.now();
    await expect(tokenClient().listWebsites()).resolves.toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it('throws a transient error with retryAfterMs once quick retries are used up', async () => {
    server.setHandler(() => ({
      status: 429,
      json: { message: 'Too many requests' },
      headers: { 'retry-after': '0' },
    }));
    const error = await caught(tokenClient({ maxRetries: 2 }).listWebsites());
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe('magento-429');
    expect(error.retryAfterMs).toBe(0);
    expect(server.requests).toHaveLength(3);
  });

  it('does not wait in the call for a Retry-After longer than maxRetryWaitMs', async () => {
    server.setHandler(() => ({
      status: 503,
      json: { message: 'Maintenance' },
      headers: { 'retry-after': '120' },
    }));
    const error = await caught(tokenClient({ maxRetryWaitMs: 5_000 }).listWebsites());
    expect(error.retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it('does not repeat a shipment POST after a 500, but does after a 503', async () => {
    server.setHandler(() => ({
      status: 500,
      json: { message: 'Internal Error. Details are available in Magento log file.' },
    }));
    const error = await caught(tokenClient().ship(1, { tracks: [], notify: false }));
    expect(error).toBeInstanceOf(TransientError);
    expect(server.requests).toHaveLength(1);

    server.setHandler((_req, index) =>
      index === 1 ? { status: 503, json: { message: 'busy' } } : { json: 5 },
    );
    await expect(tokenClient().ship(1, { tracks: [], notify: false })).resolves.toBe(5);
    expect(server.requests).toHaveLength(3);
  });

  it('fills %1 parameters into the message of a 400', async () => {
    server.setHandler(() => ({
      status: 400,
      json: {
        message: 'The "%1" attribute value is empty. Set the attribute and try again.',
        parameters: ['name'],
      },
    }));
    const error = await caught(tokenClient().createProduct({ sku: 'X' }));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.code).toBe('magento-400');
    expect(error.message).toBe(
      'Magento POST /rest/all/V1/products failed with HTTP 400: The "name" attribute value is empty. Set the attribute and try again.',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('fills %name parameters and appends the sub-errors', async () => {
    server.setHandler(() => ({
      status: 400,
      json: {
        message: 'One or more input exceptions have occurred.',
        errors: [
          { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'sku' } },
          {
            message: 'Invalid value of "%value" provided for the %fieldName field.',
            parameters: { value: '-3', fieldName: 'qty' },
          },
        ],
      },
    }));
    const error = await caught(tokenClient().saveSourceItems([]));
    expect(error.message).toContain(
      'One or more input exceptions have occurred.; "sku" is required. Enter and try again.; Invalid value of "-3" provided for the qty field.',
    );
  });

  it('turns an HTML error page into a clear error instead of a JSON crash', async () => {
    server.setHandler(() => ({
      status: 502,
      text: '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>',
    }));
    const error = await caught(tokenClient({ maxRetries: 1 }).listWebsites());
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe('magento-502');
    expect(error.message).toBe(
      'Magento GET /rest/V1/store/websites answered HTTP 502 with a non-JSON body (text/html): "502 Bad Gateway"',
    );
    expect(server.requests).toHaveLength(2);

    server.setHandler(() => ({ status: 404, text: '<html><title>404 Not Found</title></html>' }));
    const notFound = await caught(tokenClient().listWebsites());
    expect(notFound).toBeInstanceOf(PermanentError);
    expect(notFound.message).toContain('non-JSON body');

    server.setHandler(() => ({ status: 200, text: '<html><title>Maintenance</title></html>' }));
    const okButHtml = await caught(tokenClient().listWebsites());
    expect(okButHtml).toBeInstanceOf(PermanentError);
    expect(okButHtml.message).toContain('"Maintenance"');
  });

  it('times out slow answers as transient', async () => {
    server.setHandler(() => ({ json: [], delayMs: 400 }));
    const error = await caught(tokenClient({ timeoutMs: 100, maxRetries: 0 }).listWebsites());
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe('timeout');
  });

  it('reports an unreachable server as a transient network error', async () => {
    const baseUrl = server.baseUrl;
    await server.close();
    server = await startFakeServer();
    const client = new MagentoClient({
      baseUrl,
      auth: { kind: 'token', token: 't' },
      maxRetries: 1,
      backoff: fastBackoff,
    });
    const error = await caught(client.listWebsites());
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe('network');
    expect(error.message).toContain('could not be reached');
  });
});

describe('MagentoClient attribute options', () => {
  it('finds an existing option case-insensitively without adding one', async () => {
    server.setHandler(() => ({
      json: [
        { label: ' ', value: '' },
        { label: 'Blå', value: '17' },
      ],
    }));
    await expect(tokenClient().ensureAttributeOption('color', 'blå')).resolves.toBe(17);
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
    expect(server.requests[0]?.path).toBe('/rest/all/V1/products/attributes/color/options');
  });

  it('adds a missing option and reads the id from the answer', async () => {
    server.setHandler((req) =>
      req.method === 'GET' ? { json: [{ label: 'Röd', value: '3' }] } : { json: 'id_42' },
    );
    await expect(tokenClient().ensureAttributeOption('color', ' Grön ')).resolves.toBe(42);
    expect(server.requests[1]?.body).toEqual({
      option: { label: 'Grön', value: '', sort_order: 0, is_default: false, store_labels: [] },
    });
  });

  it('looks the option up again when Magento answers without a usable id', async () => {
    let added = false;
    server.setHandler((req) => {
      if (req.method === 'POST') {
        added = true;
        return { json: 'id_new_option' };
      }
      return { json: added ? [{ label: 'Grön', value: '43' }] : [] };
    });
    await expect(tokenClient().ensureAttributeOption('color', 'Grön')).resolves.toBe(43);
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  });
});

describe('MagentoClient bulk', () => {
  it('queues a bulk request on the async route and waits until no operation is open', async () => {
    let polls = 0;
    server.setHandler((req) => {
      if (req.method === 'PUT') {
        return {
          status: 202,
          json: { bulk_uuid: 'b-1', request_items: [{ id: 0, status: 'accepted' }], errors: false },
        };
      }
      polls++;
      const status = polls < 3 ? 4 : 1;
      return {
        json: {
          bulk_id: 'b-1',
          operation_count: 2,
          operations_list: [
            { id: 1, status: 1 },
            { id: 2, status },
          ],
        },
      };
    });
    const client = tokenClient();
    const uuid = await client.bulk('/V1/products/bySku', [{ product: { sku: 'A', price: 10 } }], 'se', 'PUT');
    expect(uuid).toBe('b-1');
    expect(server.requests[0]?.path).toBe('/rest/se/async/bulk/V1/products/bySku');
    expect(server.requests[0]?.body).toEqual([{ product: { sku: 'A', price: 10 } }]);
    const final = await client.waitForBulk(uuid, { pollIntervalMs: 10, timeoutMs: 5_000 });
    expect(final.operations_list.map((op) => op.status)).toEqual([1, 1]);
    expect(polls).toBe(3);
    expect(server.requests[1]?.path).toBe('/rest/V1/bulk/b-1/status');
  });

  it('gives up waiting with a transient error', async () => {
    server.setHandler(() => ({
      json: { bulk_id: 'b', operation_count: 1, operations_list: [{ id: 1, status: 4 }] },
    }));
    const error = await caught(tokenClient().waitForBulk('b', { pollIntervalMs: 20, timeoutMs: 60 }));
    expect(error.code).toBe('magento-bulk-timeout');
  });
});
