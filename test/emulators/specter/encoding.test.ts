import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type RunningSpecterEmulator,
  type SpecterEmulatorOptions,
  startSpecterEmulator,
} from '../../../emulators/specter/index.ts';
import { Api, DEFAULT_CREDS, json, keyFor, parseXml } from './helpers.ts';

describe('specter emulator: character sets and decimal separator', () => {
  let emu: RunningSpecterEmulator;
  let api: Api;
  const start = async (opts: SpecterEmulatorOptions = {}) => {
    emu = await startSpecterEmulator({
      sizes: { simpleArticles: 2, configurables: 0, customers: 0 },
      ...opts,
    });
    api = new Api(emu.url);
  };
  afterEach(() => emu.close());

  const person = {
    customerOrganizationalForm: 'P',
    firstName: 'Åsa',
    surName: 'Öström',
    emailAddress: 'asa@example.se',
    city: 'Västerås',
  };

  it('decodes ISO-8859-1 and UTF-8 form bodies alike', async () => {
    await start();
    const latin = await api.customer({ ...person, emailAddress: 'l@example.se' });
    const utf8 = await (async () => {
      const r = await api.put(
        'newCustomerSubmit',
        'Åsa Öström',
        {},
        { ...person, emailAddress: 'u@example.se' },
        { encoding: 'utf8' },
      );
      return r.text.split(';')[1]!;
    })();
    for (const id of [latin.id, utf8]) {
      const c = (await json(emu.url, 'GET', `/accounts/1001/customers/${id}`)).body;
      expect(c.fields).toMatchObject({ firstName: 'Åsa', surName: 'Öström', city: 'Västerås' });
    }
  });

  it('accepts a percent-encoded Latin-1 body sent with a charset header', async () => {
    await start();
    const body = `customerOrganizationalForm=C&name=${escapeLatin1('Bröderna Ågren AB')}&emailAddress=b%40example.se`;
    const res = await fetch(
      `${emu.url}/putInfo.asp?action=newCustomerSubmit&sbmId=1001&apiUserId=7&key=${keyFor(DEFAULT_CREDS, 'Bröderna Ågren AB')}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' },
        body,
      },
    );
    const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'latin1');
    expect(text.startsWith('1;')).toBe(true);
    const c = (await json(emu.url, 'GET', `/accounts/1001/customers/${text.split(';')[1]}`)).body;
    expect(c.fields.name).toBe('Bröderna Ågren AB');
  });

  it('answers in ISO-8859-1 by default and in UTF-8 when switched', async () => {
    await start();
    const latin = await api.get('getPriceLists', '', { useXML: 2 });
    expect(latin.contentType).toContain('iso-8859-1');
    expect(latin.text.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
    expect(parseXml(latin.text).specter.priceLists.priceList[0].name).toBe('Återförsäljare');
    const raw = await fetch(
      `${emu.url}/getInfo.asp?action=getPriceLists&sbmId=1001&apiUserId=7&key=${keyFor(DEFAULT_CREDS, '')}`,
    );
    const bytes = Buffer.from(await raw.arrayBuffer());
    expect(bytes.includes(Buffer.from([0xc5]))).toBe(true); // Å as one Latin-1 byte
    await json(emu.url, 'PUT', '/settings', { utf8: true });
    const utf = await api.get('getPriceLists', '', { useXML: 2 });
    expect(utf.contentType).toContain('utf-8');
    expect(parseXml(utf.text).specter.priceLists.priceList[0].name).toBe('Återförsäljare');
  });

  it('starts in UTF-8 with utf8: true', async () => {
    await start({ utf8: true });
    expect((await api.get('getPriceLists', '')).contentType).toContain('utf-8');
  });

  it('writes decimal commas by default, points when switched, and accepts both on input', async () => {
    await start();
    await api.put(
      'newArticleSubmit',
      'DEC-1',
      {},
      { articleNo_1: 'DEC-1', name_1: 'Decimal', priceExclVAT_1: '12,50', productWeight_1: '0.125' },
    );
    await api.put(
      'newArticleSubmit',
      'DEC-2',
      {},
      { articleNo_1: 'DEC-2', name_1: 'Decimal', priceExclVAT_1: '12.75' },
    );
    const list = async () =>
      parseXml((await api.get('getArticleList', '1', { useXML: 2, pageSize: 100 })).text).specter.articles
        .article;
    const a = (await list()).find((x: { articleNo: string }) => x.articleNo === 'DEC-1');
    expect(a['@_priceExclVat']).toBe('12,50');
    expect(a['@_productWeight']).toBe('0,125');
    await json(emu.url, 'PUT', '/settings', { decimalComma: false });
    const b = (await list()).find((x: { articleNo: string }) => x.articleNo === 'DEC-2');
    expect(b['@_priceExclVat']).toBe('12.75');
  });

  it('starts with decimal points when decimalComma: false', async () => {
    await start({ decimalComma: false });
    const x = parseXml(
      (await api.get('getArticleList', '1', { useXML: 2, articleNo: 'ART-00001' })).text,
    ).specter;
    expect(x.articles.article[0]['@_priceExclVat']).toMatch(/^\d+\.\d{2}$/);
  });
});

function escapeLatin1(s: string): string {
  return [...iconv.encode(s, 'latin1')]
    .map((b) =>
      b < 0x80 && /[A-Za-z0-9]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
}
