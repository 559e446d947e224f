import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSpecterEmulator, startSpecterEmulator } from '../../../emulators/specter/index.ts';
import { Api, json, parseText, parseXml, textLines, type Xml } from './helpers.ts';

describe('specter emulator: articles, price lists, catalogue listing', () => {
  let emu: RunningSpecterEmulator;
  let api: Api;
  beforeAll(async () => {
    emu = await startSpecterEmulator({
      sizes: { simpleArticles: 5, configurables: 2, variantsPerConfigurable: 3, stockSites: 2, customers: 1 },
    });
    api = new Api(emu.url);
  });
  afterAll(() => emu.close());

  const submit = async (form: Record<string, string | number>, query: Record<string, string | number> = {}) =>
    // UTF-8, so that characters outside Latin-1 (€) reach the emulator as such
    parseText(
      (
        await api.put('newArticleSubmit', String(form.articleNo_1), { useXML: 1, ...query }, form, {
          encoding: 'utf8',
        })
      ).text,
    );
  const article = async (no: string) => (await json(emu.url, 'GET', `/accounts/1001/articles/${no}`)).body;

  it('creates several articles per call, with stock keeping and initial stock', async () => {
    const a = await submit({
      articleNo_1: 'NY-1',
      name_1: 'Ny tröja',
      priceExclVAT_1: '159,20',
      vatPercent_1: 25,
      barCode_1: '7350000099991',
      productWeight_1: '0.350',
      createArticleStock_1: 1,
      noItemsInStock_1: 12,
      articleNo_2: 'NY-2',
      name_2: 'Presentkort',
      priceExclVAT_2: 100,
      vatPercent_2: 0,
    });
    expect(a.result).toBe('1');
    expect(a.message).toBe('created=2 updated=0 unchanged=0');
    expect(await article('NY-1')).toMatchObject({
      name: 'Ny tröja',
      priceExclVat: 159.2,
      productWeight: 0.35,
      stockKeeping: true,
    });
    expect((await article('NY-1')).stock[0]).toMatchObject({ stockSiteId: 1, onHand: 12 });
    expect(await article('NY-2')).toMatchObject({ stockKeeping: false, vatPercent: 0 });
  });

  it('leaves existing articles alone without forceArticleUpdate and updates them with it (stock untouched)', async () => {
    await submit({
      articleNo_1: 'UPD-1',
      name_1: 'Före',
      priceExclVAT_1: 10,
      createArticleStock_1: 1,
      noItemsInStock_1: 5,
    });
    const skipped = await submit({
      articleNo_1: 'UPD-1',
      name_1: 'Efter',
      priceExclVAT_1: 20,
      noItemsInStock_1: 99,
    });
    expect(skipped.message).toBe('created=0 updated=0 unchanged=1');
    expect((await article('UPD-1')).name).toBe('Före');
    const forced = await submit(
      { articleNo_1: 'UPD-1', name_1: 'Efter', priceExclVAT_1: 20, noItemsInStock_1: 99 },
      { forceArticleUpdate: 1 },
    );
    expect(forced.message).toBe('created=0 updated=1 unchanged=0');
    const a = await article('UPD-1');
    expect(a).toMatchObject({ name: 'Efter', priceExclVat: 20 });
    expect(a.stock[0].onHand).toBe(5);
  });

  it('links variants to a main article (x-emulator mainArticleNo / variantValues)', async () => {
    const r = await submit({
      articleNo_1: 'JACKA',
      name_1: 'Jacka',
      priceExclVAT_1: 800,
      isMainArticle_1: 1,
      articleNo_2: 'JACKA-1',
      name_2: 'Jacka - Röd - M',
      priceExclVAT_2: 800,
      mainArticleNo_2: 'JACKA',
      variantValues_2: 'Färg=Röd;Storlek=M',
      createArticleStock_2: 1,
    });
    expect(r.result).toBe('1');
    expect(await article('JACKA')).toMatchObject({ isMainArticle: true, stockKeeping: false });
    expect(await article('JACKA-1')).toMatchObject({
      mainArticleNo: 'JACKA',
      variantValues: 'Färg=Röd;Storlek=M',
    });
    const bad = await submit({ articleNo_1: 'X-1', name_1: 'x', mainArticleNo_1: 'FINNS-EJ' });
    expect(bad).toMatchObject({ id: '40', message: expect.stringContaining('mainArticleNo_1') });
    const badValues = await submit({
      articleNo_1: 'X-2',
      name_1: 'x',
      mainArticleNo_1: 'JACKA',
      variantValues_1: 'Röd',
    });
    expect(badValues.message).toContain('variantValues_1');
  });

  it('enforces article number and field rules with code 40 naming the field; nothing is written', async () => {
    for (const bad of ['HAS SPACE', 'ÅSKA', 'A&B', 'A%B', 'A#B', 'A€B', 'A,B', 'X'.repeat(26)]) {
      const r = await submit({ articleNo_1: bad, name_1: 'n', priceExclVAT_1: 1 });
      expect(r, bad).toMatchObject({
        result: '0',
        id: '40',
        message: expect.stringContaining('articleNo_1'),
      });
    }
    expect((await submit({ articleNo_1: 'OK-25-'.padEnd(25, 'X'), name_1: 'n' })).result).toBe('1');
    const longName = await submit({ articleNo_1: 'L-1', name_1: 'n'.repeat(101) });
    expect(longName.message).toContain('name_1');
    const vat = await submit({ articleNo_1: 'V-1', name_1: 'n', vatPercent_1: 7 });
    expect(vat.message).toContain('vatPercent_1');
    const partly = await submit({ articleNo_1: 'P-1', name_1: 'ok', articleNo_2: 'P 2', name_2: 'bad' });
    expect(partly.message).toContain('articleNo_2');
    expect((await json(emu.url, 'GET', '/accounts/1001/articles/P-1')).status).toBe(404);
    expect((await submit({ articleNo_1: 'NONAME' })).message).toContain('name_1');
  });

  it('getArticleList pages the whole catalogue with prices and stock per site (x-emulator)', async () => {
    const all = (await json(emu.url, 'GET', '/accounts/1001/articles')).body as Xml[];
    const seen: string[] = [];
    let page = 1;
    for (;;) {
      const x = parseXml(
        (await api.get('getArticleList', String(page), { page, pageSize: 4, useXML: 2 })).text,
      ).specter;
      expect(x.paging).toMatchObject({ '@_pageSize': '4', '@_totalCount': String(all.length) });
      seen.push(...(x.articles === '' ? [] : x.articles.article.map((a: Xml) => a.articleNo)));
      if (page >= Number(x.paging['@_totalPages'])) break;
      page++;
    }
    expect(seen).toEqual(all.map((a) => a.articleNo));
    const one = parseXml((await api.get('getArticleList', '1', { articleNo: 'ART-00001', useXML: 2 })).text)
      .specter.articles.article[0];
    expect(one.stocks.stock).toHaveLength(2);
    expect(one.prices.price.length).toBeGreaterThan(0);
    expect(textLines((await api.get('getArticleList', '1', { pageSize: 2 })).text)).toHaveLength(2);
  });

  it('getPriceLists lists id, name, currency and customer group (x-emulator)', async () => {
    const x = parseXml((await api.get('getPriceLists', '', { useXML: 2 })).text).specter;
    expect(x.priceLists.priceList).toEqual([
      { priceListId: '1', name: 'Återförsäljare', currency: 'SEK', customerGroupId: '2' },
      { priceListId: '2', name: 'Norge', currency: 'NOK', customerGroupId: '3' },
      { priceListId: '3', name: 'Export', currency: 'EUR', customerGroupId: '4' },
    ]);
    expect(textLines((await api.get('getPriceLists', '')).text)[0]).toEqual([
      '1',
      'Återförsäljare',
      'SEK',
      '2',
    ]);
  });

  it('office edits of price lists and articles show in read-outs', async () => {
    expect(
      (
        await json(emu.url, 'PUT', '/accounts/1001/price-lists/1/prices/ART-00003', {
          fromQuantity: 50,
          priceExclVat: 12.5,
        })
      ).status,
    ).toBe(200);
    const list = ((await json(emu.url, 'GET', '/accounts/1001/price-lists')).body as Xml[]).find(
      (l) => l.priceListId === 1,
    );
    expect(list.prices).toContainEqual({
      priceListId: 1,
      articleNo: 'ART-00003',
      fromQuantity: 50,
      priceExclVat: 12.5,
    });
    expect(
      (
        await json(emu.url, 'PUT', '/accounts/1001/price-lists/1/prices/ART-00003', {
          fromQuantity: 50,
          priceExclVat: null,
        })
      ).status,
    ).toBe(200);
    expect(
      (await json(emu.url, 'PUT', '/accounts/1001/price-lists/9/prices/ART-00003', { priceExclVat: 1 }))
        .status,
    ).toBe(404);
    const put = await json(emu.url, 'PUT', '/accounts/1001/articles/CFG-00002-4', {
      name: 'Ny variant',
      priceExclVat: 300,
      mainArticleNo: 'CFG-00002',
      variantValues: 'Färg=Röd;Storlek=S',
    });
    expect(put.body.outcome).toBe('created');
    expect((await json(emu.url, 'PUT', '/accounts/1001/articles/BAD NO', { name: 'x' })).status).toBe(400);
  });
});
