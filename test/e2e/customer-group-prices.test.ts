import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForDrain } from '../../src/demo/drain.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { type Environment, startEnvironment } from '../../src/demo/environment.ts';
import { magentoTierPrices, specterArticles } from './compare.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

describe('price lists as customer-group prices (shops with the API extension)', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment({
      flowMode: 'erp-master',
      simpleArticles: 4,
      configurables: 0,
      magentoExtensions: { customerGroupPrices: true },
      adjustConfig: (connection) => {
        (connection.streams as Record<string, unknown>).priceLists = { mode: 'customer-group-prices' };
      },
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
  }, 90_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('writes each list price as the customer group price, and no tier prices', async () => {
    const articles = (await specterArticles(env)).filter((a) => a.stockKeeping);
    for (const article of articles) {
      const state = await controlCall<{ groupPrices: { customer_group_id: number; price: number }[] }>(
        env.magentoUrl,
        'GET',
        `/state/products/${article.articleNo}`,
      );
      const listPrice = article.prices.find((p) => p.priceListId === 1 && p.fromQuantity === 1)!.priceExclVat;
      expect(state.groupPrices, article.articleNo).toEqual([
        expect.objectContaining({
          customer_group_id: 2,
          price: round2(listPrice * (1 + article.vatPercent / 100)),
        }),
      ]);
    }
    expect(await magentoTierPrices(env.magentoUrl)).toEqual([]);
  });
});
