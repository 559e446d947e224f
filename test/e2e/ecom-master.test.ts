import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForDrain } from '../../src/demo/drain.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { DEMO_SBM_ID, type Environment, startEnvironment } from '../../src/demo/environment.ts';
import { compareOrders, magentoProducts, specterArticles, specterOrders } from './compare.ts';
import { replayAllJobs } from './replay.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

describe('ecom-master end to end', () => {
  let env: Environment;

  beforeAll(async () => {
    env = await startEnvironment({
      flowMode: 'ecom-master',
      simpleArticles: 8,
      configurables: 2,
      variantsPerConfigurable: 3,
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
  }, 90_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('creates every Magento product in Specter, configurables as main articles with their variants', async () => {
    const products = await magentoProducts(env.magentoUrl);
    const articles = new Map((await specterArticles(env)).map((a) => [a.articleNo, a]));
    for (const product of products) {
      const article = articles.get(product.sku);
      expect(article, `${product.sku} in Specter`).toBeDefined();
      expect(article!.name).toBe(product.name);
      if (product.type_id === 'configurable') {
        expect(article!.isMainArticle).toBe(true);
        for (const child of product.children) {
          expect(articles.get(child)?.mainArticleNo, `variant ${child}`).toBe(product.sku);
          expect(articles.get(child)?.variantValues).toMatch(/^Färg=.+;Storlek=.+$|^Storlek=.+;Färg=.+$/);
        }
      } else {
        // Magento's catalogue price includes VAT; Specter keeps it excluding VAT.
        expect(round2(article!.priceExclVat * (1 + article!.vatPercent / 100))).toBe(product.price);
      }
    }
  });

  it('sends product changes to Specter and leaves stock and prices alone', async () => {
    const product = (await magentoProducts(env.magentoUrl)).find((p) => p.type_id === 'simple')!;
    await controlCall(env.magentoUrl, 'POST', '/products/bulk', {
      products: [{ sku: product.sku, name: `${product.name} (ny)`, price: product.price }],
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
    const article = (await specterArticles(env)).find((a) => a.articleNo === product.sku)!;
    expect(article.name).toBe(`${product.name} (ny)`);
    const jobs = await env.store.db.selectFrom('jobs').select('kind').distinct().execute();
    expect(jobs.map((j) => j.kind)).not.toContain('stock.flush');
    expect(jobs.map((j) => j.kind)).not.toContain('price.flush');
  }, 90_000);

  it('sends orders with their customers to Specter exactly once', async () => {
    await controlCall(env.magentoUrl, 'POST', '/orders/random', { count: 4 });
    expect(await waitForDrain(env, 60_000)).toBe(true);
    expect(await compareOrders(env)).toEqual([]);
    const customers = await controlCall<unknown[]>(
      env.specterUrl,
      'GET',
      `/accounts/${DEMO_SBM_ID}/customers`,
    );
    expect(customers.length).toBeGreaterThan(0);
    expect(await replayAllJobs(env)).toBeGreaterThan(0);
    expect(await waitForDrain(env, 60_000)).toBe(true);
    expect((await specterOrders(env)).length).toBe(4);
  }, 90_000);
});
