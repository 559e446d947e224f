import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSpecterEmulator, startSpecterEmulator } from '../../../emulators/specter/index.ts';
import { Api, type Creds, call, DEFAULT_CREDS, keyFor, parseText, parseXml } from './helpers.ts';

const V1: Creds = { sbmId: 2002, outer: 'v1-key-two', inner: 'v1-key-one' };

describe('specter emulator: authentication and routing', () => {
  let emu: RunningSpecterEmulator;
  let api: Api;
  beforeAll(async () => {
    emu = await startSpecterEmulator({
      sizes: { simpleArticles: 2, configurables: 0, customers: 1 },
      accounts: [
        {
          sbmId: 1001,
          apiVersion: 2,
          apiUserId: 7,
          apiUserKey: 'demo-api-user-key',
          integrationKey: 'demo-integration-key',
          extraApiUsers: [{ apiUserId: 8, apiUserKey: 'reader-key', canWrite: false }],
          webshops: [{ webshopId: 1, name: 'Webbshop SE' }],
        },
        { sbmId: 2002, apiVersion: 1, key1: 'v1-key-one', key2: 'v1-key-two' },
      ],
    });
    api = new Api(emu.url);
  });
  afterAll(() => emu.close());

  it('accepts a v2 key md5(IntegrationKey + md5(ApiUserKey + sbmId + X))', async () => {
    const a = parseText((await api.get('checkAccountSettings', '')).text);
    expect(a).toEqual({ result: '1', id: '1001', message: 'OK' });
  });

  it('accepts a v1 key md5(Key2 + md5(Key1 + sbmId + X)) without apiUserId', async () => {
    const a = parseText((await new Api(emu.url, V1).get('checkAccountSettings', '')).text);
    expect(a).toEqual({ result: '1', id: '2002', message: 'OK' });
    const xml = parseXml((await new Api(emu.url, V1).get('checkAccountSettings', '', { useXML: 2 })).text);
    expect(xml.specter.APIresponse.apiVersion).toBe('1');
  });

  it('answers a bad key with code 20, HTTP 200', async () => {
    const res = await call(emu.url, 'getInfo', {
      action: 'checkAccountSettings',
      sbmId: 1001,
      apiUserId: 7,
      key: keyFor(DEFAULT_CREDS, 'wrong'),
    });
    expect(res.status).toBe(200);
    expect(parseText(res.text)).toMatchObject({ result: '0', id: '20' });
    const v1WithV2Key = await call(emu.url, 'getInfo', {
      action: 'checkAccountSettings',
      sbmId: 2002,
      key: keyFor({ ...V1, outer: 'x' }, ''),
    });
    expect(parseText(v1WithV2Key.text).id).toBe('20');
  });

  it('answers an unknown sbmId or apiUserId with code 21', async () => {
    const a = await new Api(emu.url, { ...DEFAULT_CREDS, sbmId: 9999 }).get('checkAccountSettings', '');
    expect(parseText(a.text)).toMatchObject({ result: '0', id: '21' });
    const b = await new Api(emu.url, { ...DEFAULT_CREDS, apiUserId: 99 }).get('checkAccountSettings', '');
    expect(parseText(b.text)).toMatchObject({ result: '0', id: '21' });
  });

  it('answers missing params with 10 and unknown actions (or the wrong script) with 11', async () => {
    expect(parseText((await call(emu.url, 'getInfo', { sbmId: 1001 })).text).id).toBe('10');
    expect(
      parseText(
        (await call(emu.url, 'getInfo', { action: 'checkAccountSettings', sbmId: 1001, apiUserId: 7 })).text,
      ).id,
    ).toBe('10');
    expect(parseText((await api.get('getArticleExternalNeedUpdate', 'b')).text)).toMatchObject({
      id: '10',
      message: expect.stringContaining('batchNo'),
    });
    expect(parseText((await api.get('noSuchAction', '')).text).id).toBe('11');
    expect(parseText((await api.get('newOrderSubmit', '101', { customerId: 101 })).text).id).toBe('11');
  });

  it('refuses writes by a read-only API user with code 22 but lets it read', async () => {
    const reader = new Api(emu.url, { ...DEFAULT_CREDS, apiUserId: 8, inner: 'reader-key' });
    expect(parseText((await reader.get('checkAccountSettings', '')).text).result).toBe('1');
    const w = await reader.put('cancelOrderSubmit', '1', {}, { orderNo: 1 });
    expect(parseText(w.text)).toMatchObject({ result: '0', id: '22' });
  });

  it('reads param names case-insensitively, from query and body, by GET or POST', async () => {
    const key = keyFor(DEFAULT_CREDS, '');
    const lower = await call(emu.url, 'getInfo', {
      ACTION: 'checkaccountsettings',
      SBMID: 1001,
      apiuserid: 7,
      KEY: key,
      usexml: 2,
    });
    expect(parseXml(lower.text).specter.APIresponse.result).toBe('1');
    const viaBody = await call(
      emu.url,
      'getInfo',
      { action: 'checkAccountSettings' },
      { sbmId: 1001, apiUserId: 7, key },
      { method: 'POST' },
    );
    expect(parseText(viaBody.text).result).toBe('1');
  });

  it('uses X = customer name for newCustomerSubmit (Latin-1 or UTF-8 hashed, double spaces collapsed)', async () => {
    const fields = {
      customerOrganizationalForm: 'C',
      name: 'Ågrens  Bygg AB',
      emailAddress: 'agren@example.se',
    };
    const latin = await api.put('newCustomerSubmit', 'Ågrens Bygg AB', {}, fields);
    expect(parseText(latin.text).result).toBe('1');
    const utf8Key = keyFor(DEFAULT_CREDS, 'Ågrens Bygg AB', 'utf8');
    const utf = await call(
      emu.url,
      'putInfo',
      { action: 'newCustomerSubmit', sbmId: 1001, apiUserId: 7, key: utf8Key },
      fields,
      { encoding: 'utf8' },
    );
    expect(parseText(utf.text).result).toBe('1');
    const wrongName = await api.put('newCustomerSubmit', 'Ågrens  Bygg AB', {}, fields);
    expect(parseText(wrongName.text).id).toBe('20');
  });
});
