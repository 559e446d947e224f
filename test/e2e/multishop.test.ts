import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowMode } from '../../src/config/schema.ts';
import { waitForDrain } from '../../src/demo/drain.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import {
  DEMO_SBM_ID,
  type Environment,
  type ShopPlan,
  startEnvironment,
} from '../../src/demo/environment.ts';
import {
  compareOrders,
  compareStock,
  magentoOrder,
  magentoOrders,
  magentoProducts,
  magentoSalable,
  specterArticles,
  specterOrders,
} from './compare.ts';

const account = `/accounts/${DEMO_SBM_ID}`;

/** Installation A: two websites, three store views (SEK, NOK, EUR); installation B: one Swedish shop. */
const layout: ShopPlan[] = [
  {
    id: 'se',
    installation: 0,
    storeCode: 'default',
    websiteId: 1,
    webshopId: 1,
    currency: 'SEK',
    language: 'SE',
    orderNumberPrefix: '',
  },
  {
    id: 'no',
    installation: 0,
    storeCode: 'no_nb',
    websiteId: 2,
    webshopId: 2,
    currency: 'NOK',
    language: 'NO',
    basePriceList: '2',
    orderNumberPrefix: '',
  },
  {
    id: 'en',
    installation: 0,
    storeCode: 'en',
    websiteId: 2,
    webshopId: 3,
    currency: 'EUR',
    language: 'EN',
    basePriceList: '3',
    orderNumberPrefix: '',
  },
  {
    id: 'b2',
    installation: 1,
    storeCode: 'default',
    websiteId: 1,
    webshopId: 4,
    currency: 'SEK',
    language: 'SE',
    orderNumberPrefix: 'B-',
  },
];

async function token(url: string): Promise<string> {
  const response = await fetch(`${url}/rest/V1/integration/admin/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin123' }),
  });
  return (await response.json()) as string;
}

async function readInStoreView(url: string, storeCode: string, sku: string) {
  const response = await fetch(`${url}/rest/${storeCode}/V1/products/${encodeURIComponent(sku)}`, {
    headers: { authorization: `Bearer ${await token(url)}` },
  });
  return (await response.json()) as {
    name: string;
    status: number;
    extension_attributes?: { website_ids?: number[] };
  };
}

async function placeOrder(env: Environment, shop: ShopPlan, sku: string) {
  const url = env.magentoUrls[shop.installation]!;
  return controlCall<{ increment_id: string; entity_id: number }>(url, 'POST', '/orders', {
    storeCode: shop.storeCode,
    customer: { email: `kund.${shop.id}@example.se`, firstname: 'Åsa', lastname: 'Öberg' },
    billingAddress: {
      street: ['Storgatan 1'],
      city: 'Växjö',
      postcode: '352 30',
      countryId: 'SE',
      telephone: '0701234567',
    },
    items: [{ sku, qty: 1 }],
    paymentMethod: 'klarna_kp',
    shippingMethod: 'postnord_standard',
    shippingAmountInclTax: 49,
  });
}

function multishopSuite(flowMode: FlowMode) {
  describe(`multishop, ${flowMode}`, () => {
    let env: Environment;

    beforeAll(async () => {
      env = await startEnvironment({
        flowMode,
        layout,
        simpleArticles: 5,
        configurables: 1,
        variantsPerConfigurable: 2,
      });
      expect(await waitForDrain(env, 90_000)).toBe(true);
    }, 120_000);
    afterAll(async () => {
      await env?.stop();
    });

    it('keeps the catalogue consistent in every shop without writing to the wrong scope', async () => {
      const articles = (await specterArticles(env)).filter((a) => a.articleNo !== 'FRAKT');
      for (const [index, url] of env.magentoUrls.entries()) {
        const shops = layout.filter((s) => s.installation === index);
        const products = new Map((await magentoProducts(url)).map((p) => [p.sku, p]));
        for (const article of articles) {
          const product = products.get(article.articleNo);
          expect(product, `${article.articleNo} in installation ${index}`).toBeDefined();
          // Each shop's website is assigned; no other.
          if (flowMode === 'erp-master') {
            expect([...product!.website_ids].sort()).toEqual(
              [...new Set(shops.map((s) => s.websiteId))].sort(),
            );
          }
          for (const shop of shops) {
            const seen = await readInStoreView(url, shop.storeCode, article.articleNo);
            expect(seen.name, `${article.articleNo} in store view ${shop.storeCode}`).toBe(article.name);
          }
          const state = await controlCall<{ overrides: Record<string, unknown> }>(
            url,
            'GET',
            `/state/products/${article.articleNo}`,
          );
          // No texts differ per language here, so no store view may carry a value of its own.
          expect(state.overrides, `store-view values of ${article.articleNo}`).toEqual({});
        }
      }
    });

    it('brings every shop its orders to Specter with the shop recorded, and the same order number twice gives two orders', async () => {
      // An article every installation can sell.
      const salable = await Promise.all(env.magentoUrls.map((url) => magentoSalable(url)));
      const sku = (await specterArticles(env)).find(
        (a) => a.stockKeeping && !a.isMainArticle && salable.every((s) => (s[a.articleNo] ?? 0) > 2),
      )!.articleNo;
      const placed = [];
      for (const shop of layout) placed.push({ shop, order: await placeOrder(env, shop, sku) });
      // Installation B's first order has the same increment id as installation A's first one.
      expect(placed.find((p) => p.shop.id === 'b2')!.order.increment_id).toBe(
        placed.find((p) => p.shop.id === 'se')!.order.increment_id,
      );
      expect(await waitForDrain(env, 90_000)).toBe(true);
      expect(await compareOrders(env)).toEqual([]);
      const orders = await specterOrders(env);
      for (const { shop, order } of placed) {
        const matches = orders.filter(
          (o) => o.externalOrderNo === `${shop.orderNumberPrefix}${order.increment_id}`,
        );
        expect(
          matches.filter((o) => o.webshopId === shop.webshopId),
          `${shop.id} ${order.increment_id}`,
        ).toHaveLength(1);
      }
    }, 120_000);

    if (flowMode !== 'ecom-master') {
      it('keeps stock consistent in every installation and sends status back to the shop the order came from', async () => {
        expect(await compareStock(env)).toEqual([]);
        const orders = await specterOrders(env);
        const fromB = orders.find((o) => o.webshopId === 4)!;
        await controlCall(env.specterUrl, 'POST', `${account}/orders/${fromB.orderNo}/deliver`, {
          trackingNo: 'B2-TRACK',
          carrier: 'DHL',
        });
        expect(await waitForDrain(env, 90_000)).toBe(true);
        const urlB = env.magentoUrls[1]!;
        const magentoB = (await magentoOrders(urlB)).find(
          (o) => `B-${o.increment_id}` === fromB.externalOrderNo,
        )!;
        const detail = await magentoOrder(urlB, magentoB.entity_id);
        expect(detail.shipments.flatMap((s) => s.tracks.map((t) => t.track_number))).toEqual(['B2-TRACK']);
        // The order with the same number in installation A is untouched.
        const twinA = (await magentoOrders(env.magentoUrls[0]!)).find(
          (o) => o.increment_id === magentoB.increment_id,
        )!;
        expect((await magentoOrder(env.magentoUrls[0]!, twinA.entity_id)).shipments).toHaveLength(0);
        expect(await compareStock(env)).toEqual([]);
      }, 120_000);
    }
  });
}

multishopSuite('erp-master');
multishopSuite('combo');
multishopSuite('ecom-master');
