import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForDrain } from '../../src/demo/drain.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { DEMO_SBM_ID, type Environment, startEnvironment } from '../../src/demo/environment.ts';
import {
  compareOrders,
  compareStock,
  magentoOrder,
  magentoOrders,
  magentoProducts,
  magentoTierPrices,
  specterArticles,
  specterOrders,
} from './compare.ts';
import { replayAllJobs, shipmentAndCaptureCounts } from './replay.ts';

const account = `/accounts/${DEMO_SBM_ID}`;
const round2 = (n: number) => Math.round(n * 100) / 100;

describe('erp-master end to end', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment({
      flowMode: 'erp-master',
      simpleArticles: 8,
      configurables: 2,
      variantsPerConfigurable: 3,
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
  }, 90_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('creates every Specter article in Magento with its variant structure, price and tier prices', async () => {
    const articles = await specterArticles(env);
    const products = new Map((await magentoProducts(env.magentoUrl)).map((p) => [p.sku, p]));
    for (const article of articles) {
      const product = products.get(article.articleNo);
      expect(product, `${article.articleNo} in Magento`).toBeDefined();
      if (article.isMainArticle) {
        expect(product!.type_id).toBe('configurable');
        const variants = articles
          .filter((a) => a.mainArticleNo === article.articleNo)
          .map((a) => a.articleNo);
        expect([...product!.children].sort()).toEqual(variants.sort());
      } else {
        expect(product!.price).toBe(round2(article.priceExclVat * (1 + article.vatPercent / 100)));
      }
    }
    const tiers = await magentoTierPrices(env.magentoUrl);
    for (const article of articles.filter((a) => !a.isMainArticle)) {
      const expected = article.prices
        .filter((p) => p.priceListId === 1)
        .map((p) => ({
          quantity: p.fromQuantity,
          price: round2(p.priceExclVat * (1 + article.vatPercent / 100)),
        }))
        .sort((a, b) => a.quantity - b.quantity);
      const actual = tiers
        .filter((t) => t.sku === article.articleNo && t.customer_group.toLowerCase() === 'wholesale')
        .map((t) => ({ quantity: t.quantity, price: t.price }))
        .sort((a, b) => a.quantity - b.quantity);
      expect(actual, `tier prices of ${article.articleNo}`).toEqual(expected);
    }
  });

  it('publishes Specter stock to Magento', async () => {
    expect(await compareStock(env)).toEqual([]);
  });

  it('sends orders to Specter exactly once with totals to the öre, and keeps stock right', async () => {
    await controlCall(env.magentoUrl, 'POST', '/orders/random', { count: 4 });
    expect(await waitForDrain(env, 60_000)).toBe(true);
    expect(await compareOrders(env)).toEqual([]);
    expect((await specterOrders(env)).length).toBe(4);
    expect(await compareStock(env)).toEqual([]);
  }, 90_000);

  it('turns a delivery into a shipment with tracking and an invoice with capture, a cancel into a cancel', async () => {
    const orders = await specterOrders(env);
    const [delivered, cancelled] = orders;
    await controlCall(env.specterUrl, 'POST', `${account}/orders/${delivered!.orderNo}/deliver`, {
      trackingNo: 'PN123456789SE',
      carrier: 'POSTNORD',
    });
    await controlCall(env.specterUrl, 'POST', `${account}/orders/${cancelled!.orderNo}/cancel`, {});
    expect(await waitForDrain(env, 60_000)).toBe(true);
    const magento = await magentoOrders(env.magentoUrl);
    const shipped = magento.find((o) => o.increment_id === delivered!.externalOrderNo)!;
    const detail = await magentoOrder(env.magentoUrl, shipped.entity_id);
    expect(detail.shipments).toHaveLength(1);
    expect(detail.shipments[0]!.tracks.map((t) => t.track_number)).toEqual(['PN123456789SE']);
    expect(detail.invoices).toHaveLength(1);
    expect(detail.captures).toHaveLength(1);
    expect(detail.order.state).toBe('complete');
    const gone = magento.find((o) => o.increment_id === cancelled!.externalOrderNo)!;
    expect((await magentoOrder(env.magentoUrl, gone.entity_id)).order.state).toBe('canceled');
    expect(await compareStock(env)).toEqual([]);
  }, 90_000);

  it('follows stock and price list changes made in Specter', async () => {
    const article = (await specterArticles(env)).find((a) => a.stockKeeping && !a.isMainArticle)!;
    await controlCall(env.specterUrl, 'POST', `${account}/articles/${article.articleNo}/stock`, {
      delta: -3,
    });
    await controlCall(env.specterUrl, 'PUT', `${account}/price-lists/1/prices/${article.articleNo}`, {
      fromQuantity: 5,
      priceExclVat: 100,
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
    expect(await compareStock(env)).toEqual([]);
    const tiers = await magentoTierPrices(env.magentoUrl);
    expect(tiers.some((t) => t.sku === article.articleNo && t.quantity === 5 && t.price === 125)).toBe(true);
  }, 90_000);

  it('gives the same end state when every job runs again', async () => {
    const before = { orders: (await specterOrders(env)).length, ...(await shipmentAndCaptureCounts(env)) };
    const replayed = await replayAllJobs(env);
    expect(replayed).toBeGreaterThan(10);
    expect(await waitForDrain(env, 90_000)).toBe(true);
    const after = { orders: (await specterOrders(env)).length, ...(await shipmentAndCaptureCounts(env)) };
    expect(after).toEqual(before);
    expect(await compareOrders(env)).toEqual([]);
    expect(await compareStock(env)).toEqual([]);
  }, 120_000);

  it('creates nothing twice even when a replay finds every binding lost (crash between write and bind)', async () => {
    const before = { orders: (await specterOrders(env)).length, ...(await shipmentAndCaptureCounts(env)) };
    // The worst case for exactly-once: the remote write happened, the binding never got stored.
    await env.store.db.deleteFrom('bindings').where('entity_type', 'in', ['order', 'order-action']).execute();
    await env.store.db.deleteFrom('open_order_lines').execute();
    await env.store.db.deleteFrom('cursors').where('stream', '=', 'orders').execute();
    expect(await replayAllJobs(env)).toBeGreaterThan(0);
    expect(await waitForDrain(env, 90_000)).toBe(true);
    const after = { orders: (await specterOrders(env)).length, ...(await shipmentAndCaptureCounts(env)) };
    expect(after).toEqual(before);
    expect(await compareOrders(env)).toEqual([]);
  }, 120_000);
});
