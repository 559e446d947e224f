import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SpecterClient, type SpecterClientOptions } from '../../../src/connectors/specter/client.ts';
import { computeRequestKey } from '../../../src/connectors/specter/key.ts';
import type { SpecterRequestLogEntry } from '../../../src/connectors/specter/transport.ts';
import { PermanentError, TransientError } from '../../../src/domain/errors.ts';
import { FakeSpecterServer } from './fake-specter-server.ts';

const server = new FakeSpecterServer('latin1');
const sleeps: number[] = [];

beforeAll(() => server.start());
afterAll(() => server.stop());
afterEach(() => {
  server.requests.length = 0;
  sleeps.length = 0;
  server.handler = () => '1;1;OK';
});

function client(overrides: Partial<SpecterClientOptions> = {}): SpecterClient {
  return new SpecterClient({
    baseUrl: server.baseUrl,
    sbmId: 4711,
    apiVersion: 'v2',
    apiUserId: 3,
    innerKey: 'K1',
    outerKey: 'K2',
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    newBatchNo: () => 'fresh-batch',
    ...overrides,
  });
}

const keyFor = (salt: string) => computeRequestKey({ innerKey: 'K1', outerKey: 'K2', sbmId: 4711, salt });

const xml = (inner: string) => ({
  body: `<?xml version="1.0" encoding="ISO-8859-1"?><specter>${inner}</specter>`,
  contentType: 'text/xml; charset=ISO-8859-1',
});

describe('SpecterClient.submitCustomer', () => {
  it('POSTs Latin-1 form fields, routing params in the query, and a key salted with the name', async () => {
    server.handler = () => '1;880;Customer created';
    const id = await client().submitCustomer(
      {
        customerOrganizationalForm: 'P',
        firstName: 'Åsa',
        surName: ' Öberg',
        emailAddress: 'asa@example.se',
        city: 'Malmö',
      },
      { forceUpdate: true, matchBy: 'email' },
    );
    expect(id).toBe(880);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.script).toBe('putInfo.asp');
    expect(request?.contentType).toContain('ISO-8859-1');
    expect(request?.query).toMatchObject({
      action: 'newCustomerSubmit',
      sbmId: '4711',
      apiUserId: '3',
      useXML: '1',
      forceCustomerUpdate: '1',
      ignoreControlOrgNo: '1',
    });
    expect(request?.query.ignoreControlEmail).toBeUndefined();
    // md5('K2' + md5('K1' + '4711' + 'Åsa Öberg')) over Latin-1 bytes, computed with Python's hashlib.
    expect(request?.query.key).toBe('1250793c2b044bf61919b8530cef59e1');
    expect(request?.body).toEqual({
      customerOrganizationalForm: 'P',
      firstName: 'Åsa',
      surName: ' Öberg',
      emailAddress: 'asa@example.se',
      city: 'Malmö',
    });
    // Å is the single byte C5 in Latin-1 (UTF-8 would be C3 85).
    expect(request?.rawBody).toContain('firstName=%C5sa');
    expect(request?.rawBody).toContain('city=Malm%F6');
  });

  it('maps matchBy to the ignoreControl flags', async () => {
    server.handler = () => '1;1;OK';
    const fields = { customerOrganizationalForm: 'C', name: 'Acme AB', emailAddress: 'a@acme.se' };
    await client().submitCustomer(fields, { forceUpdate: false, matchBy: 'orgNo' });
    await client().submitCustomer(fields, { forceUpdate: false, matchBy: 'always-new' });
    await client().submitCustomer(fields, { forceUpdate: false, matchBy: 'email-then-orgNo' });
    const flags = server.requests.map((r) => [
      r.query.ignoreControlEmail,
      r.query.ignoreControlOrgNo,
      r.query.forceCustomerUpdate,
    ]);
    expect(flags).toEqual([
      ['1', undefined, undefined],
      ['1', '1', undefined],
      [undefined, undefined, undefined],
    ]);
    expect(server.requests[0]?.query.key).toBe(keyFor('Acme AB'));
  });

  it('sends UTF-8 bytes when the account is configured for UTF-8', async () => {
    const utf8Server = new FakeSpecterServer('utf8');
    await utf8Server.start();
    try {
      utf8Server.handler = () => '1;5;OK';
      await client({ baseUrl: utf8Server.baseUrl, encoding: 'utf8' }).submitCustomer(
        { customerOrganizationalForm: 'P', firstName: 'Åsa', surName: 'Öberg', emailAddress: 'a@b.se' },
        { forceUpdate: false, matchBy: 'email' },
      );
      const [request] = utf8Server.requests;
      expect(request?.rawBody).toContain('firstName=%C3%85sa');
      expect(request?.body.firstName).toBe('Åsa');
      // Same key shape, hashed over UTF-8 bytes (Python hashlib).
      expect(request?.query.key).toBe('20ea336a91e33e353878a87e9977a9d7');
    } finally {
      await utf8Server.stop();
    }
  });

  it('does not retry a non-idempotent create after a server error', async () => {
    server.handler = () => ({ status: 503, body: 'busy' });
    await expect(
      client().submitCustomer(
        { customerOrganizationalForm: 'C', name: 'Acme AB', emailAddress: 'a@acme.se' },
        { forceUpdate: false, matchBy: 'always-new' },
      ),
    ).rejects.toMatchObject({ kind: 'transient', code: 'http-503' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('SpecterClient.submitOrder', () => {
  const header = {
    customerId: 880,
    externalOrderNo: '100000123',
    currency: 'SEK',
    payTypeIdentifier: 'KG',
    payTypeReference: 'klarna-ref-1',
    externalDeliveryMethod: 'postnord',
    stockSiteId: 2,
    createInvoice: true,
  };
  const rows = [
    {
      articleNo: 'TSHIRT-RED-XL',
      articleName: 'T-shirt röd',
      priceExclVAT: 79.92,
      noOfItems: 2,
      vatPercent: 25,
    },
    { articleNo: 'FRAKT', articleName: 'Frakt', priceExclVAT: 39.2, noOfItems: 1, vatPercent: 25 },
  ];

  it('sends header and indexed rows, keyed with the customer id', async () => {
    server.handler = () => '1;5012;Order created';
    const result = await client({ webshopId: 7 }).submitOrder(header, rows);
    expect(result).toEqual({ orderNo: '5012', duplicate: false });
    const [request] = server.requests;
    expect(request?.query).toMatchObject({ action: 'newOrderSubmit', webshopId: '7', key: keyFor('880') });
    expect(request?.body).toEqual({
      customerId: '880',
      externalOrderNo: '100000123',
      currency: 'SEK',
      payTypeIdentifier: 'KG',
      payTypeReference: 'klarna-ref-1',
      externalDeliveryMethod: 'postnord',
      stocksiteid: '2',
      createInvoice: '1',
      articleNo_1: 'TSHIRT-RED-XL',
      articleName_1: 'T-shirt röd',
      priceExclVAT_1: '79.92',
      noOfItems_1: '2',
      vatPercent_1: '25',
      articleNo_2: 'FRAKT',
      articleName_2: 'Frakt',
      priceExclVAT_2: '39.2',
      noOfItems_2: '1',
      vatPercent_2: '25',
    });
    expect(request?.body.ignoreExternalOrderNoControl).toBeUndefined();
  });

  it('treats code 31 (duplicate externalOrderNo) as success with the existing order number', async () => {
    server.handler = () => "0;31;externalOrderNo '100000123' already exists as order '5012'";
    await expect(client().submitOrder(header, rows)).resolves.toEqual({ orderNo: '5012', duplicate: true });
  });

  it('takes the existing order number from APIresponse/id in an XML answer', async () => {
    server.handler = () =>
      xml(
        '<APIresponse><result>0</result><code>31</code><message>Duplicate</message><id>6001</id></APIresponse>',
      );
    await expect(client().submitOrder(header, rows)).resolves.toEqual({ orderNo: '6001', duplicate: true });
  });

  it('looks the order up when the duplicate answer names no order number', async () => {
    server.handler = (request) =>
      request.query.Action === 'getOrderInfo'
        ? xml(
            '<order orderNo="7007" externalOrderNo="100000123"><orderstatus deliveryStatus="N" statusId="1"/></order>',
          )
        : '0;31;Duplicate external order number';
    await expect(client().submitOrder(header, rows)).resolves.toEqual({ orderNo: '7007', duplicate: true });
    expect(server.requests[1]?.query).toMatchObject({ Action: 'getOrderInfo', externalOrderNo: '100000123' });
  });

  it('retries code 98 after the retry-after Specter names, then succeeds', async () => {
    server.handler = (_r, index) => (index === 0 ? '0;98;Rate limit exceeded, retry after 3 s' : '1;5013;OK');
    await expect(client().submitOrder(header, rows)).resolves.toEqual({ orderNo: '5013', duplicate: false });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
  });

  it('gives up after maxRetries with a TransientError carrying retryAfterMs', async () => {
    server.handler = () => '0;98;Rate limit exceeded, retry after 2 s';
    const error = await client({ maxRetries: 1 })
      .submitOrder(header, rows)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ code: 'specter-98', retryAfterMs: 2000 });
    expect(server.requests).toHaveLength(2);
  });

  it('leaves a long retry-after to the engine instead of sleeping in the call', async () => {
    server.handler = () => '0;98;Rate limit exceeded, retry after 120 s';
    await expect(client().submitOrder(header, rows)).rejects.toMatchObject({
      code: 'specter-98',
      retryAfterMs: 120_000,
    });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('names the field of a code-40 validation error', async () => {
    server.handler = () => '0;40;Invalid value in payTypeIdentifier';
    const error = await client()
      .submitOrder(header, rows)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'specter-40', details: { field: 'payTypeIdentifier' } });
    expect((error as Error).message).toContain('field "payTypeIdentifier"');
  });
});

describe('SpecterClient errors', () => {
  it('explains a rejected key (code 20) in terms of the connection settings', async () => {
    server.handler = () =>
      xml('<APIresponse><result>0</result><code>20</code><message>Invalid key</message></APIresponse>');
    const error = await client()
      .checkAccountSettings()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'specter-20' });
    expect((error as Error).message).toMatch(/ApiUserKey and IntegrationKey.*connection/);
  });

  it('names MD5 Key 1 / Key 2 for API v1 and the SBM ID for code 21', async () => {
    server.handler = () => '0;21;Unknown sbmId';
    const error = await client({ apiVersion: 'v1' })
      .checkAccountSettings()
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('SBM ID 4711');
    server.handler = () => '0;20;bad key';
    const v1 = await client({ apiVersion: 'v1' })
      .checkAccountSettings()
      .catch((e: unknown) => e);
    expect((v1 as Error).message).toContain('MD5 Key 1 and MD5 Key 2');
  });

  it('reports an HTML page at HTTP 200 as a permanent, readable error', async () => {
    server.handler = () => ({
      body: '<!DOCTYPE html><html><head><title>Logga in</title></head><body>Välkommen</body></html>',
      contentType: 'text/html',
    });
    const error = await client()
      .checkAccountSettings()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'specter-html-response' });
    expect((error as Error).message).toContain('"Logga in"');
    expect(server.requests).toHaveLength(1);
  });

  it('retries an HTML error page with HTTP 500, then gives up transiently', async () => {
    server.handler = () => ({
      status: 500,
      body: '<html><body>Server Error in ASP</body></html>',
      contentType: 'text/html',
    });
    await expect(client().checkAccountSettings()).rejects.toMatchObject({
      kind: 'transient',
      code: 'http-500',
    });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('reports garbage as unreadable', async () => {
    server.handler = () => 'Microsoft VBScript runtime error 800a000d';
    await expect(client().checkAccountSettings()).rejects.toMatchObject({
      kind: 'permanent',
      code: 'specter-unreadable-response',
    });
  });

  it('times out slow answers as transient', async () => {
    server.handler = async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return '1;4711;OK';
    };
    await expect(client({ timeoutMs: 50, maxRetries: 0 }).checkAccountSettings()).rejects.toMatchObject({
      kind: 'transient',
      code: 'timeout',
    });
  });

  it('reports an unreachable server as a transient network error', async () => {
    const gone = new FakeSpecterServer();
    await gone.start();
    const url = gone.baseUrl;
    await gone.stop();
    await expect(client({ baseUrl: url, maxRetries: 0 }).checkAccountSettings()).rejects.toMatchObject({
      kind: 'transient',
      code: 'network',
    });
  });

  it('logs every attempt with the key redacted', async () => {
    const entries: SpecterRequestLogEntry[] = [];
    server.handler = (_r, index) => (index === 0 ? { status: 502, body: 'bad gateway' } : '1;4711;OK');
    await client({ onRequest: (entry) => entries.push(entry) }).checkAccountSettings();
    expect(entries.map((e) => [e.attempt, e.outcome, e.status, e.errorCode])).toEqual([
      [1, 'error', 502, 'http-502'],
      [2, 'ok', 200, undefined],
    ]);
    expect(entries[0]?.url).toContain('key=%5Bredacted%5D');
    expect(entries[0]?.url).not.toContain(keyFor(''));
  });

  it('refuses multishop with API v1 credentials', () => {
    expect(() => client({ apiVersion: 'v1', webshopId: 2 })).toThrow(PermanentError);
  });
});

describe('SpecterClient reads', () => {
  it('checks the account with a GET to getInfo.asp', async () => {
    server.handler = () => '1;4711;OK';
    await expect(client().checkAccountSettings()).resolves.toEqual({ sbmId: '4711', message: 'OK' });
    expect(server.requests[0]).toMatchObject({ method: 'GET', script: 'getInfo.asp' });
    expect(server.requests[0]?.query).toMatchObject({ Action: 'checkAccountSettings', key: keyFor('') });
  });

  it('decodes Latin-1 answers and accepts decimal commas', async () => {
    server.handler = () =>
      xml(
        '<articles><article priceExclVat="79,92" buyPrice="30.5" productWeight="0,250" barCode="7310000000017">' +
          '<articleNo>TRÖJA-BLÅ</articleNo><name>Tröja blå</name></article></articles><totalCount>1</totalCount>',
      );
    const page = await client().getArticleList(1, 100);
    expect(page.totalCount).toBe(1);
    expect(page.items[0]).toMatchObject({
      articleNo: 'TRÖJA-BLÅ',
      name: 'Tröja blå',
      priceExclVat: 79.92,
      buyPrice: 30.5,
      productWeight: 0.25,
    });
    expect(server.requests[0]?.query).toMatchObject({
      Action: 'getArticleList',
      page: '1',
      pageSize: '100',
      useXML: '2',
    });
  });

  it('decodes answers that are valid UTF-8 and say so', async () => {
    server.handler = () => ({
      body: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><priceLists><priceList priceListId="3" name="Återförsäljare" currency="SEK" customerGroupId="2"/></priceLists>',
        'utf8',
      ),
      contentType: 'text/xml; charset=utf-8',
    });
    await expect(client().getPriceLists()).resolves.toEqual([
      { priceListId: '3', name: 'Återförsäljare', currency: 'SEK', customerGroupId: '2' },
    ]);
  });

  it('returns null for an unknown order (code 30)', async () => {
    server.handler = () => '0;30;Order not found';
    await expect(client().getOrderInfo({ orderNo: '999' })).resolves.toBeNull();
    expect(server.requests[0]?.query).toMatchObject({
      Action: 'getOrderInfo',
      orderNo: '999',
      key: keyFor('999'),
    });
  });

  it('cancels an order keyed with the order number, and registers a callback url', async () => {
    server.handler = () => '1;5012;Cancelled';
    await client().cancelOrder('5012');
    await client().registerCallbackUrl('https://koppla.example/specter/callback?c=1');
    expect(server.requests[0]?.query).toMatchObject({
      action: 'cancelOrderSubmit',
      orderNo: '5012',
      key: keyFor('5012'),
    });
    expect(server.requests[1]?.body).toEqual({ url: 'https://koppla.example/specter/callback?c=1' });
  });

  it('submits articles keyed with the first article number', async () => {
    server.handler = () => '1;0;2 articles saved';
    await client().submitArticles(
      [
        { articleNo: 'A-1', name: 'Första', priceExclVAT: 100, vatPercent: 25, productWeight: 0.1234 },
        { articleNo: 'A-2', name: 'Andra', barCode: '123' },
      ],
      { forceUpdate: true },
    );
    expect(server.requests[0]?.query).toMatchObject({ action: 'newArticleSubmit', key: keyFor('A-1') });
    expect(server.requests[0]?.body).toEqual({
      forceArticleUpdate: '1',
      articleNo_1: 'A-1',
      name_1: 'Första',
      priceExclVAT_1: '100',
      vatPercent_1: '25',
      productWeight_1: '0.123',
      articleNo_2: 'A-2',
      name_2: 'Andra',
      barCode_2: '123',
    });
  });
});

describe('SpecterClient change feeds', () => {
  it('switches to the open batch named by code 99, reads it and acks it', async () => {
    server.handler = (request) => {
      if (request.query.Action === 'updateOrdersFromBatch')
        return xml('<APIresponse><result>1</result></APIresponse>');
      if (request.query.batchNo === 'fresh-batch') {
        return xml(
          "<APIresponse><result>0</result><code>99</code><message>Batch 'open-77' is not acknowledged</message></APIresponse>",
        );
      }
      return xml(
        '<orders><order orderNo="5012"><orderstatus deliveryStatus="D" statusId="4"/>' +
          '<deliveries updated="1"><delivery deliveryNo="1" trackingNo="SE123"><rows><row articleNo="A-1" noOfItems="2"/></rows></delivery></deliveries>' +
          '</order></orders><responseMaxLimit>500</responseMaxLimit>',
      );
    };
    const specter = client();
    const batch = await specter.readFeed('orders');
    expect(batch.batchNo).toBe('open-77');
    expect(batch.more).toBe(false);
    expect(batch.items).toEqual([
      {
        orderNo: '5012',
        deliveryStatus: 'D',
        statusId: 4,
        deliveriesUpdated: true,
        deliveries: [{ deliveryNo: '1', trackingNo: 'SE123', rows: [{ articleNo: 'A-1', noOfItems: 2 }] }],
        invoices: [],
      },
    ]);
    await specter.ackFeed('orders', batch.batchNo);
    expect(server.requests.map((r) => [r.query.Action, r.query.batchNo, r.query.key])).toEqual([
      ['getOrdersExternalNeedUpdate', 'fresh-batch', keyFor('fresh-batch')],
      ['getOrdersExternalNeedUpdate', 'open-77', keyFor('open-77')],
      ['updateOrdersFromBatch', 'open-77', keyFor('open-77')],
    ]);
  });

  it('parses the multi-site stock feed per stock site and reports more when the limit is reached', async () => {
    server.handler = () =>
      xml(
        '<stockChanges><stock stockSiteId="1" name="Huvudlager" isDefault="1"><articles>' +
          '<article><articleNo>A-1</articleNo><noItemsAv>5</noItemsAv><noItemsInStock>7</noItemsInStock></article>' +
          '<article><articleNo>SET-1</articleNo><noItemsAv>noItemsAvailable</noItemsAv></article>' +
          '</articles></stock><stock stockSiteId="2" name="Butik"><articles>' +
          '<article><articleNo>A-1</articleNo><noItemsAv>1,5</noItemsAv></article></articles></stock></stockChanges>' +
          '<responseMaxLimit>2</responseMaxLimit>',
      );
    const batch = await client().readFeed('stock');
    expect(server.requests[0]?.query).toMatchObject({
      Action: 'getArticleExternalNeedUpdate',
      getMultipleStocksites: '1',
      useXML: '2',
    });
    expect(batch.more).toBe(true);
    expect(batch.items).toEqual([
      {
        stockSiteId: '1',
        name: 'Huvudlager',
        isDefault: true,
        articles: [
          { articleNo: 'A-1', available: 5, inStock: 7 },
          { articleNo: 'SET-1', available: null, inStock: null },
        ],
      },
      {
        stockSiteId: '2',
        name: 'Butik',
        isDefault: false,
        articles: [{ articleNo: 'A-1', available: 1.5, inStock: null }],
      },
    ]);
  });

  it('reads the article-info feed with variants and prices', async () => {
    server.handler = () =>
      xml(
        '<articles><article priceExclVat="200" isMainArticle="1"><articleNo>TROJA</articleNo><name>Tröja</name></article>' +
          '<article priceExclVat="200" mainArticleNo="TROJA" variantValues="Färg=Blå;Storlek=S">' +
          '<articleNo>TROJA-BLA-S</articleNo><name>Tröja - Blå - S</name>' +
          '<prices><price priceListId="3" currency="SEK" fromQuantity="10" priceExclVat="180"/></prices></article></articles>' +
          '<responseMaxLimit>500</responseMaxLimit>',
      );
    const batch = await client().readFeed('articleInfo');
    expect(batch.more).toBe(false);
    expect(batch.items.map((a) => [a.articleNo, a.isMainArticle, a.mainArticleNo, a.prices.length])).toEqual([
      ['TROJA', true, undefined, 0],
      ['TROJA-BLA-S', false, 'TROJA', 1],
    ]);
  });

  it('treats "unknown batch" on a repeated ack as done', async () => {
    server.handler = (_r, index) => (index === 0 ? { status: 503, body: 'busy' } : '0;30;Unknown batch');
    await expect(client().ackFeed('stock', 'b-1')).resolves.toBeUndefined();
    server.requests.length = 0;
    server.handler = () => '0;30;Unknown batch';
    await expect(client().ackFeed('stock', 'b-2')).rejects.toMatchObject({ code: 'specter-30' });
  });
});
