import { afterEach, describe, expect, it } from 'vitest';
import {
  type RunningSpecterEmulator,
  type SpecterEmulatorOptions,
  startSpecterEmulator,
} from '../../../emulators/specter/index.ts';
import { Api, json, parseText, textLines, type Xml } from './helpers.ts';

const SMALL = {
  simpleArticles: 3,
  configurables: 1,
  variantsPerConfigurable: 2,
  stockSites: 2,
  customers: 2,
};

describe('specter emulator: change feeds (batch + ack)', () => {
  let emu: RunningSpecterEmulator;
  let api: Api;
  const start = async (opts: SpecterEmulatorOptions = {}) => {
    emu = await startSpecterEmulator({ sizes: SMALL, ...opts });
    api = new Api(emu.url);
  };
  afterEach(() => emu.close());

  const drain = async (read: string, ack: string, batchNo: string) => {
    await api.feed(read, batchNo);
    expect((await api.ack(ack, batchNo)).result).toBe('1');
  };

  it('offers the whole catalogue at first: stock as text lines, noItemsAvailable for articles without stock', async () => {
    await start();
    const res = await api.get('getArticleExternalNeedUpdate', 'b1', { batchNo: 'b1' });
    const lines = textLines(res.text);
    // 3 simple + 1 main + 2 variants + FRAKT
    expect(lines.map((l) => l[1])).toEqual([
      'ART-00001',
      'ART-00002',
      'ART-00003',
      'CFG-00001',
      'CFG-00001-1',
      'CFG-00001-2',
      'FRAKT',
    ]);
    expect(lines.every((l) => l.length === 4 && l[3] === 'b1')).toBe(true);
    expect(lines.find((l) => l[1] === 'CFG-00001')![2]).toBe('noItemsAvailable');
    expect(lines.find((l) => l[1] === 'FRAKT')![2]).toBe('noItemsAvailable');
    const stock = (await json(emu.url, 'GET', '/accounts/1001/stock')).body as Array<{
      articleNo: string;
      stockSiteId: number;
      available: number;
    }>;
    const art1 = stock.find((s) => s.articleNo === 'ART-00001' && s.stockSiteId === 1)!;
    expect(lines[0]![2]).toBe(String(art1.available));
  });

  it('gives one stock block per site with getMultipleStocksites=1', async () => {
    await start();
    const x = await api.feed('getArticleExternalNeedUpdate', 'm1', { getMultipleStocksites: 1 });
    expect(x.stockChanges.stock.map((s: Xml) => [s['@_stockSiteId'], s['@_name'], s['@_isDefault']])).toEqual(
      [
        ['1', 'Huvudlager', '1'],
        ['2', 'Butik Göteborg', '0'],
      ],
    );
    const main = x.stockChanges.stock[0].articles.article.find((a: Xml) => a.articleNo === 'CFG-00001');
    expect(main.noItemsAv).toBe('noItemsAvailable');
    const single = await (async () => {
      await api.ack('updateArticlesFromBatch', 'm1');
      await json(emu.url, 'POST', '/accounts/1001/articles/ART-00001/stock', { delta: -1 });
      return api.feed('getArticleExternalNeedUpdate', 'm2');
    })();
    expect(single.stockChanges.stock).toHaveLength(1);
    expect(single.stockChanges.stock[0].articles.article.map((a: Xml) => a.articleNo)).toEqual(['ART-00001']);
  });

  it('replays an unacked batch with the same content, refuses another batchNo with 99, then moves on after the ack', async () => {
    await start();
    await drain('getArticleExternalNeedUpdate', 'updateArticlesFromBatch', 'first');
    await json(emu.url, 'POST', '/accounts/1001/articles/ART-00002/stock', { set: 40 });
    const a = await api.get('getArticleExternalNeedUpdate', 'b2', { batchNo: 'b2' });
    expect(textLines(a.text)).toEqual([[expect.any(String), 'ART-00002', '40', 'b2']]);
    // a change after the snapshot does not alter the open batch
    await json(emu.url, 'POST', '/accounts/1001/articles/ART-00003/stock', { set: 7 });
    await json(emu.url, 'POST', '/accounts/1001/articles/ART-00002/stock', { set: 41 });
    const again = await api.get('getArticleExternalNeedUpdate', 'b2', { batchNo: 'b2' });
    expect(again.text).toBe(a.text);
    const other = await api.get('getArticleExternalNeedUpdate', 'b3', { batchNo: 'b3' });
    expect(other.text.startsWith('0;99;')).toBe(true);
    expect(/'([^']+)'/.exec(other.text)?.[1]).toBe('b2');
    const otherXml = await api.feed('getArticleExternalNeedUpdate', 'b3');
    expect(otherXml.APIresponse).toMatchObject({ result: '0', code: '99' });
    expect(otherXml.APIresponse.message).toContain("'b2'");
    expect((await api.ack('updateArticlesFromBatch', 'b2')).result).toBe('1');
    const next = textLines((await api.get('getArticleExternalNeedUpdate', 'b3', { batchNo: 'b3' })).text);
    // in the order the changes happened
    expect(next.map((l) => [l[1], l[2]])).toEqual([
      ['ART-00003', '7'],
      ['ART-00002', '41'],
    ]);
  });

  it('answers an ack of an unknown batch with code 30, and a repeated ack of the last batch with OK', async () => {
    await start();
    expect((await api.ack('updateOrdersFromBatch', 'nope')).id).toBe('30');
    await drain('getOrdersExternalNeedUpdate', 'updateOrdersFromBatch', 'o1');
    expect((await api.ack('updateOrdersFromBatch', 'o1')).result).toBe('1');
  });

  it('pages the article-info feed by responseMaxLimit', async () => {
    await start({ responseMaxLimit: 3 });
    const seen: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const x = await api.feed('getArticleInfoExternalNeedUpdate', `p${i}`);
      expect(x.responseMaxLimit).toBe('3');
      const arts = x.articles === '' ? [] : x.articles.article;
      seen.push(...arts.map((a: Xml) => a.articleNo));
      await api.ack('updateArticleInfosFromBatch', `p${i}`);
      if (arts.length < 3) break;
    }
    expect(seen).toEqual([
      'ART-00001',
      'ART-00002',
      'ART-00003',
      'CFG-00001',
      'CFG-00001-1',
      'CFG-00001-2',
      'FRAKT',
    ]);
  });

  it('carries price lists and variant attributes in the article-info feed', async () => {
    await start();
    const x = await api.feed('getArticleInfoExternalNeedUpdate', 'i1');
    const arts: Xml[] = x.articles.article;
    const main = arts.find((a) => a.articleNo === 'CFG-00001');
    const v1 = arts.find((a) => a.articleNo === 'CFG-00001-1');
    expect(main['@_isMainArticle']).toBe('1');
    expect(v1['@_mainArticleNo']).toBe('CFG-00001');
    expect(v1['@_variantValues']).toBe('Färg=Blå;Storlek=S');
    const prices = arts.find((a) => a.articleNo === 'ART-00001').prices.price;
    expect(prices.map((p: Xml) => [p.priceListId, p.currency, p.fromQuantity])).toEqual([
      ['1', 'SEK', '1'],
      ['1', 'SEK', '10'],
      ['2', 'NOK', '1'],
      ['3', 'EUR', '1'],
    ]);
    await api.ack('updateArticleInfosFromBatch', 'i1');
    // an office price change puts the article back on the feed
    await json(emu.url, 'PUT', '/accounts/1001/price-lists/1/prices/ART-00002', {
      fromQuantity: 1,
      priceExclVat: 99.5,
    });
    const y = await api.feed('getArticleInfoExternalNeedUpdate', 'i2');
    expect(y.articles.article.map((a: Xml) => a.articleNo)).toEqual(['ART-00002']);
    expect(y.articles.article[0].prices.price[0].priceExclVat).toBe('99,50');
  });

  it('reports deliveries, invoices and cancellation in the order feed, per webshop', async () => {
    await start({
      accounts: [
        {
          sbmId: 1001,
          apiUserId: 7,
          apiUserKey: 'demo-api-user-key',
          integrationKey: 'demo-integration-key',
          webshops: [
            { webshopId: 1, name: 'SE' },
            { webshopId: 2, name: 'NO' },
          ],
        },
      ],
    });
    const o1 = await api.order(101, {
      externalOrderNo: 'A1',
      articleNo_1: 'ART-00001',
      noOfItems_1: 2,
      articleNo_2: 'ART-00002',
      noOfItems_2: 1,
    });
    const o2 = await api.order(
      101,
      { externalOrderNo: 'B1', articleNo_1: 'ART-00003', noOfItems_1: 1 },
      { webshopId: 2 },
    );
    await drain('getOrdersExternalNeedUpdate', 'updateOrdersFromBatch', 'shop1-a');
    await json(emu.url, 'POST', `/accounts/1001/orders/${o1.id}/deliver`, {
      rows: [{ articleNo: 'ART-00001', noOfItems: 1 }],
      trackingNo: 'PN123',
      carrier: 'PNL',
    });
    const partly = await api.feed('getOrdersExternalNeedUpdate', 'shop1-b');
    const order = partly.orders.order[0];
    expect(order['@_orderNo']).toBe(o1.id);
    expect(order.orderstatus).toMatchObject({ '@_deliveryStatus': 'P', '@_statusId': '1' });
    expect(order.deliveries['@_updated']).toBe('1');
    expect(order.deliveries.delivery[0]).toMatchObject({ '@_trackingNo': 'PN123', '@_carrier': 'PNL' });
    expect(order.deliveries.delivery[0].rows.row).toEqual([{ articleNo: 'ART-00001', noOfItems: '1' }]);
    await api.ack('updateOrdersFromBatch', 'shop1-b');
    await json(emu.url, 'POST', `/accounts/1001/orders/${o1.id}/deliver`, { trackingNo: 'PN124' });
    const inv = (await json(emu.url, 'POST', `/accounts/1001/orders/${o1.id}/invoice`)).body;
    await json(emu.url, 'POST', `/accounts/1001/invoices/${inv.invoiceNo}/pay`, {});
    const done = (await api.feed('getOrdersExternalNeedUpdate', 'shop1-c')).orders.order[0];
    expect(done.orderstatus).toMatchObject({ '@_deliveryStatus': 'D', '@_statusId': '4' });
    expect(done.invoices.invoice[0]).toMatchObject({
      '@_invoiceNo': String(inv.invoiceNo),
      '@_isPaid': '1',
      '@_isCredit': '0',
    });
    await api.ack('updateOrdersFromBatch', 'shop1-c');
    // webshop 2 has its own feed: only its own order
    const shop2 = await api.feed('getOrdersExternalNeedUpdate', 'shop2-a', { webshopId: 2 });
    expect(shop2.orders.order.map((o: Xml) => o['@_orderNo'])).toEqual([o2.id]);
    await api.ack('updateOrdersFromBatch', 'shop2-a', { webshopId: 2 });
    await json(emu.url, 'POST', `/accounts/1001/orders/${o2.id}/cancel`);
    const cancelled = (await api.feed('getOrdersExternalNeedUpdate', 'shop2-b', { webshopId: 2 })).orders
      .order[0];
    expect(cancelled.orderstatus['@_statusId']).toBe('5');
    // text mode of the order feed
    const text = await api.get('getOrdersExternalNeedUpdate', 'shop2-b', {
      batchNo: 'shop2-b',
      webshopId: 2,
    });
    expect(textLines(text.text)).toEqual([[o2.id, 'B1', '5', 'N', '', 'shop2-b']]);
    expect(
      parseText((await api.get('getOrdersExternalNeedUpdate', 'x', { batchNo: 'x', webshopId: 9 })).text).id,
    ).toBe('10');
  });

  it('keeps feed state per webshop: each webshop gets the whole catalogue once', async () => {
    await start({
      accounts: [
        {
          sbmId: 1001,
          apiUserId: 7,
          apiUserKey: 'demo-api-user-key',
          integrationKey: 'demo-integration-key',
          webshops: [
            { webshopId: 1, name: 'SE' },
            { webshopId: 2, name: 'NO' },
          ],
        },
      ],
    });
    await drain('getArticleInfoExternalNeedUpdate', 'updateArticleInfosFromBatch', 'w1');
    const x = await api.feed('getArticleInfoExternalNeedUpdate', 'w2', { webshopId: 2 });
    expect(x.articles.article).toHaveLength(7);
    const created = await json(emu.url, 'POST', '/accounts/1001/webshops', { name: 'Webbshop DK' });
    expect(created.status).toBe(201);
    const dk = await api.feed('getArticleInfoExternalNeedUpdate', 'w3', {
      webshopId: created.body.webshopId,
    });
    expect(dk.articles.article).toHaveLength(7);
  });
});
