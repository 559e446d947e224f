import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSpecterEmulator, startSpecterEmulator } from '../../../emulators/specter/index.ts';
import { ean13, seedCatalogue } from '../../../emulators/specter/seed.ts';
import { Api, json, parseText, type Xml } from './helpers.ts';

const SIZES = {
  simpleArticles: 4,
  configurables: 2,
  variantsPerConfigurable: 5,
  stockSites: 3,
  priceLists: 3,
  customers: 4,
};

describe('specter emulator: deterministic seeding', () => {
  const running: RunningSpecterEmulator[] = [];
  afterEach(async () => {
    for (const e of running.splice(0)) await e.close();
  });
  const start = async (seed: number) => {
    const e = await startSpecterEmulator({ seed, sizes: SIZES });
    running.push(e);
    return e;
  };
  const readOut = async (e: RunningSpecterEmulator) => ({
    articles: (await json(e.url, 'GET', '/accounts/1001/articles')).body,
    priceLists: (await json(e.url, 'GET', '/accounts/1001/price-lists')).body,
    customers: ((await json(e.url, 'GET', '/accounts/1001/customers')).body as Xml[]).map(
      ({ createdAt, updatedAt, ...c }) => c,
    ),
  });

  it('gives the same catalogue for the same seed and sizes, another for another seed', async () => {
    const [a, b, c] = [await start(7), await start(7), await start(8)];
    expect(await readOut(a)).toEqual(await readOut(b));
    expect((await readOut(a)).articles).not.toEqual((await readOut(c)).articles);
  });

  it('names SKUs as the Magento emulator does and builds variants, sites and price lists', async () => {
    const e = await start(1);
    const { articles, priceLists } = await readOut(e);
    const nos = (articles as Xml[]).map((a) => a.articleNo);
    expect(nos.slice(0, 4)).toEqual(['ART-00001', 'ART-00002', 'ART-00003', 'ART-00004']);
    expect(nos).toContain('CFG-00002');
    expect(nos.filter((n) => n.startsWith('CFG-00001-'))).toEqual([
      'CFG-00001-1',
      'CFG-00001-2',
      'CFG-00001-3',
      'CFG-00001-4',
      'CFG-00001-5',
    ]);
    const v5 = (articles as Xml[]).find((a) => a.articleNo === 'CFG-00001-5');
    expect(v5).toMatchObject({ mainArticleNo: 'CFG-00001', variantValues: 'Färg=Röd;Storlek=S' });
    expect(v5.name).toMatch(/ - Röd - S$/);
    // VAT 25 mostly, some 12 and 6
    const vats = seedCatalogue(1, { ...SIZES, simpleArticles: 60 }).articles.map((a) => a.vatPercent);
    expect(new Set(vats)).toEqual(new Set([25, 12, 6]));
    expect(vats.filter((v) => v === 25).length).toBeGreaterThan(vats.length / 2);
    expect((articles as Xml[])[0].stock.map((s: Xml) => s.name)).toEqual([
      'Huvudlager',
      'Butik Göteborg',
      'Butik Malmö',
    ]);
    expect((priceLists as Xml[]).map((l) => [l.priceListId, l.name, l.currency, l.customerGroupId])).toEqual([
      [1, 'Återförsäljare', 'SEK', 2],
      [2, 'Norge', 'NOK', 3],
      [3, 'Export', 'EUR', 4],
    ]);
    const breaks = (priceLists as Xml[])[0].prices
      .filter((p: Xml) => p.articleNo === 'ART-00001')
      .map((p: Xml) => p.fromQuantity);
    expect(breaks).toEqual([1, 10]);
  });

  it('keeps an article the same whatever the sizes, and EANs valid', () => {
    const small = seedCatalogue(3, { ...SIZES, simpleArticles: 2 }).articles.find(
      (a) => a.articleNo === 'ART-00002',
    );
    const big = seedCatalogue(3, { ...SIZES, simpleArticles: 50 }).articles.find(
      (a) => a.articleNo === 'ART-00002',
    );
    expect(big).toEqual(small);
    expect(ean13('735000000001')).toBe('7350000000016');
  });

  it('keeps instances independent', async () => {
    const [a, b] = [await start(1), await start(1)];
    const r = await new Api(a.url).order(101, { articleNo_1: 'ART-00001', noOfItems_1: 1 });
    expect(r.result).toBe('1');
    expect((await json(a.url, 'GET', '/accounts/1001/orders')).body).toHaveLength(1);
    expect((await json(b.url, 'GET', '/accounts/1001/orders')).body).toHaveLength(0);
    // accounts made at run time get the seeded catalogue and their own state
    const created = await json(a.url, 'POST', '/accounts', {
      sbmId: 3003,
      apiVersion: 2,
      apiUserId: 1,
      apiUserKey: 'u',
      integrationKey: 'i',
    });
    expect(created.status).toBe(201);
    const other = new Api(a.url, { sbmId: 3003, outer: 'i', inner: 'u', apiUserId: 1 });
    expect(parseText((await other.get('checkAccountSettings', '')).text).id).toBe('3003');
    expect(
      (
        await json(a.url, 'POST', '/accounts', {
          sbmId: 3003,
          apiVersion: 2,
          apiUserId: 1,
          apiUserKey: 'u',
          integrationKey: 'i',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await json(a.url, 'POST', '/accounts', {
          sbmId: 4004,
          apiVersion: 1,
          key1: 'a',
          key2: 'b',
          webshops: [
            { webshopId: 1, name: 'a' },
            { webshopId: 2, name: 'b' },
          ],
        })
      ).status,
    ).toBe(400);
  });
});
