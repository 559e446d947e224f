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

describe('combo end to end', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment({
      flowMode: 'combo',
      simpleArticles: 8,
      configurables: 2,
      variantsPerConfigurable: 3,
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
  }, 90_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('sends Magento articles to Specter', async () => {
    const articles = new Map((await specterArticles(env)).map((a) => [a.articleNo, a]));
    for (const product of await magentoProducts(env.magentoUrl)) {
      expect(articles.has(product.sku), `${product.sku} in Specter`).toBe(true);
    }
  });

  it('takes stock, price and price lists from Specter', async () => {
    const articles = (await specterArticles(env)).filter((a) => !a.isMainArticle && a.stockKeeping);
    const target = articles[0]!;
    // Specter is the stock master: the warehouse counts what is really there.
    for (const article of articles) {
      await controlCall(env.specterUrl, 'POST', `${account}/articles/${article.articleNo}/stock`, {
        set: 40,
      });
    }
    await controlCall(env.specterUrl, 'PUT', `${account}/articles/${target.articleNo}`, {
      priceExclVat: 200,
    });
    await controlCall(env.specterUrl, 'PUT', `${account}/price-lists/1/prices/${target.articleNo}`, {
      fromQuantity: 1,
      priceExclVat: 150,
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
    expect(await compareStock(env, new Set(articles.map((a) => a.articleNo)))).toEqual([]);
    const product = (await magentoProducts(env.magentoUrl)).find((p) => p.sku === target.articleNo)!;
    expect(product.price).toBe(round2(200 * (1 + target.vatPercent / 100)));
    const tiers = await magentoTierPrices(env.magentoUrl);
    expect(
      tiers.some(
        (t) =>
          t.sku === target.articleNo &&
          t.quantity === 1 &&
          t.price === round2(150 * (1 + target.vatPercent / 100)),
      ),
    ).toBe(true);
  }, 90_000);

  it('sends orders to Specter and brings deliveries back, once', async () => {
    await controlCall(env.magentoUrl, 'POST', '/orders/random', { count: 3 });
    expect(await waitForDrain(env, 60_000)).toBe(true);
    expect(await compareOrders(env)).toEqual([]);
    const order = (await specterOrders(env))[0]!;
    await controlCall(env.specterUrl, 'POST', `${account}/orders/${order.orderNo}/deliver`, {
      trackingNo: 'DHL777',
      carrier: 'DHL',
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
    const magento = (await magentoOrders(env.magentoUrl)).find(
      (o) => o.increment_id === order.externalOrderNo,
    )!;
    const detail = await magentoOrder(env.magentoUrl, magento.entity_id);
    expect(detail.shipments.flatMap((s) => s.tracks.map((t) => t.track_number))).toEqual(['DHL777']);
    expect(detail.captures).toHaveLength(1);
    const before = { orders: (await specterOrders(env)).length, ...(await shipmentAndCaptureCounts(env)) };
    await replayAllJobs(env);
    expect(await waitForDrain(env, 60_000)).toBe(true);
    expect({ orders: (await specterOrders(env)).length, ...(await shipmentAndCaptureCounts(env)) }).toEqual(
      before,
    );
  }, 120_000);
});
