import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSpecterEmulator, startSpecterEmulator } from '../../../emulators/specter/index.ts';
import { Api, call, json, parseText, parseXml, signed, textLines, waitFor } from './helpers.ts';

const SCHEMA_DIR = new URL('../../../emulators/specter/schema/', import.meta.url);

/**
 * Every call's request and answer (text and XML, success and error) checked against the JSON schemas
 * kept beside the emulator.
 */
describe('specter emulator: contract (schemas)', () => {
  let emu: RunningSpecterEmulator;
  let api: Api;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'));
  for (const f of files) ajv.addSchema(JSON.parse(readFileSync(new URL(f, SCHEMA_DIR), 'utf8')));
  const schema = (file: string, def: string): ValidateFunction =>
    ajv.getSchema(`${file}.json#/definitions/${def}`)!;
  const valid = (file: string, def: string, data: unknown) => {
    const v = schema(file, def);
    expect(v, `${file}#${def} exists`).toBeTypeOf('function');
    const ok = v(data);
    expect(ok ? [] : v.errors, `${file}#${def}`).toEqual([]);
  };

  /** Calls an action in text and XML, validating request, text answer and XML answer. */
  const check = async (
    file: string,
    script: 'getInfo' | 'putInfo',
    x: string,
    params: Record<string, string | number>,
    textDef = 'textAnswer',
  ) => {
    const query = signed(api.creds, file, x);
    valid(file, 'request', { ...query, ...params });
    const text = await call(emu.url, script, query, params, {
      method: script === 'putInfo' ? 'POST' : 'GET',
    });
    const textData =
      textDef === 'lines'
        ? text.text.startsWith('0;')
          ? parseText(text.text)
          : textLines(text.text)
        : parseText(text.text);
    valid(file, 'textAnswer', textData);
    const xml = await call(emu.url, script, { ...query, useXML: 2 }, params, {
      method: script === 'putInfo' ? 'POST' : 'GET',
    });
    const doc = parseXml(xml.text);
    valid(file, 'xmlAnswer', doc);
    return { text: text.text, xml: doc };
  };

  beforeAll(async () => {
    emu = await startSpecterEmulator({
      sizes: { simpleArticles: 3, configurables: 1, variantsPerConfigurable: 2, stockSites: 2, customers: 2 },
    });
    api = new Api(emu.url);
  });
  afterAll(() => emu.close());

  it('has one schema per call plus common and callback', () => {
    expect(files.sort()).toEqual(
      [
        'callback',
        'cancelOrderSubmit',
        'checkAccountSettings',
        'common',
        'getArticleExternalNeedUpdate',
        'getArticleInfoExternalNeedUpdate',
        'getArticleList',
        'getCustomerInfo',
        'getOrderInfo',
        'getOrdersExternalNeedUpdate',
        'getPriceLists',
        'newArticleSubmit',
        'newCustomerSubmit',
        'newOrderSubmit',
        'registerCallbackUrl',
        'updateArticleInfosFromBatch',
        'updateArticlesFromBatch',
        'updateOrdersFromBatch',
      ].map((n) => `${n}.json`),
    );
  });

  it('rejects shapes that break the contract (the schemas are not vacuous)', () => {
    const v = schema('getArticleInfoExternalNeedUpdate', 'xmlAnswer');
    expect(
      v({ specter: { APIresponse: { result: '1', id: 'b' }, articles: { article: [{ articleNo: 'x' }] } } }),
    ).toBe(false);
    expect(schema('common', 'textError')({ result: '0', id: '12', message: 'x' })).toBe(false);
    expect(schema('newOrderSubmit', 'request')({ action: 'newOrderSubmit', sbmId: '1', key: 'k' })).toBe(
      false,
    );
  });

  it('checkAccountSettings', async () => {
    await check('checkAccountSettings', 'getInfo', '', {});
  });

  it('writes: customers, articles, orders (success and errors), reads and cancel', async () => {
    const c = await check('newCustomerSubmit', 'putInfo', 'Contract AB', {
      customerOrganizationalForm: 'C',
      name: 'Contract AB',
      emailAddress: 'c@example.se',
      orgNo: '556000-0001',
    });
    const customerId = parseText(c.text).id;
    await check('newCustomerSubmit', 'putInfo', 'X', {
      customerOrganizationalForm: 'C',
      name: 'X',
      emailAddress: 'not-an-email',
    });
    await check('newArticleSubmit', 'putInfo', 'K-1', {
      articleNo_1: 'K-1',
      name_1: 'Kontrakt',
      priceExclVAT_1: '10.5',
      vatPercent_1: 25,
      createArticleStock_1: 1,
      noItemsInStock_1: 5,
    });
    await check('newArticleSubmit', 'putInfo', 'K-2', {
      articleNo_1: 'K-2',
      name_1: 'Variant',
      mainArticleNo_1: 'CFG-00001',
      variantValues_1: 'Färg=Svart;Storlek=M',
    });
    const o = await check('newOrderSubmit', 'putInfo', customerId, {
      customerId,
      externalOrderNo: 'C-1',
      payTypeIdentifier: 'I',
      articleNo_1: 'K-1',
      noOfItems_1: 1,
      priceExclVAT_1: '10.5',
      vatPercent_1: 25,
    });
    const orderNo = parseText(o.text).id;
    expect(o.xml.specter.APIresponse).toMatchObject({ result: '0', code: '31', id: orderNo });
    await check('newOrderSubmit', 'putInfo', customerId, {
      customerId,
      articleNo_1: 'ART-00001',
      noOfItems_1: 1,
      createInvoice: 1,
      externalOrderNo: 'C-2',
    });
    await check('getOrderInfo', 'getInfo', orderNo, { orderNo });
    await check('getOrderInfo', 'getInfo', 'C-2', { externalOrderNo: 'C-2' });
    await check('getOrderInfo', 'getInfo', 'nope', { externalOrderNo: 'nope' });
    await check('getCustomerInfo', 'getInfo', customerId, { customerId });
    await check('getArticleList', 'getInfo', '1', { page: 1, pageSize: 3 }, 'lines');
    await check('getPriceLists', 'getInfo', '', {}, 'lines');
    await json(emu.url, 'POST', `/accounts/1001/orders/${orderNo}/deliver`, {
      trackingNo: 'T-1',
      carrier: 'PNL',
    });
    await check('cancelOrderSubmit', 'putInfo', orderNo, { orderNo });
  });

  it('feeds and acks, including code 99', async () => {
    for (const [read, ack] of [
      ['getArticleExternalNeedUpdate', 'updateArticlesFromBatch'],
      ['getArticleInfoExternalNeedUpdate', 'updateArticleInfosFromBatch'],
      ['getOrdersExternalNeedUpdate', 'updateOrdersFromBatch'],
    ] as const) {
      await check(read, 'getInfo', 'c1', { batchNo: 'c1', getMultipleStocksites: 1 }, 'lines');
      await check(read, 'getInfo', 'c2', { batchNo: 'c2' }, 'lines'); // code 99
      await check(ack, 'getInfo', 'c1', { batchNo: 'c1' });
      await check(ack, 'getInfo', 'zz', { batchNo: 'zz' }); // code 30
    }
  });

  it('errors of routing and auth', async () => {
    const bad = await call(emu.url, 'getInfo', {
      action: 'checkAccountSettings',
      sbmId: 1001,
      apiUserId: 7,
      key: '0'.repeat(32),
      useXML: 2,
    });
    valid('common', 'errorDocument', parseXml(bad.text));
    valid('common', 'textError', parseText((await call(emu.url, 'getInfo', { action: 'x', sbmId: 1 })).text));
  });

  it('callbacks', async () => {
    const hits: Array<Record<string, string>> = [];
    const server = createServer((req, res) => {
      hits.push(Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams));
      res.end('1;Done');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
      await check('registerCallbackUrl', 'putInfo', url, { url });
      await json(emu.url, 'POST', '/accounts/1001/articles/ART-00001/stock', { delta: 3 });
      await waitFor(
        () => hits.length,
        (n) => n > 0,
      );
      for (const h of hits) valid('callback', 'request', h);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
