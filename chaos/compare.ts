// The end state of a chaos run, compared record by record through the emulators' control surfaces
// (never through Koppla's own tables): orders, stock, articles, shipments, invoices and captures.
import { controlCall, magentoStoreIds } from '../src/demo/emulator-control.ts';
import { DEMO_SBM_ID } from '../src/demo/environment.ts';
import type { ChaosSystems } from './systems.ts';

const account = `/accounts/${DEMO_SBM_ID}`;
const round2 = (n: number) => Math.round(n * 100) / 100;

interface SpecterOrder {
  orderNo: number;
  externalOrderNo: string;
  webshopId: number;
  deliveries: unknown[];
}

interface SpecterArticle {
  articleNo: string;
  name: string;
  priceExclVat: number;
  vatPercent: number;
  stockKeeping: boolean;
  isMainArticle: boolean;
  stock: { stockSiteId: number; available: number }[];
}

export interface Comparison {
  ordersPlaced: number;
  ordersInSpecter: number;
  duplicates: number;
  missing: number;
  /** Specter orders whose external order number no Magento order has. */
  strangers: number;
  stockDifferences: number;
  articleDifferences: number;
  shipmentsDoubled: number;
  invoicesDoubled: number;
  capturesDoubled: number;
  /** Orders delivered in Specter that have no shipment or invoice in Magento. */
  deliveriesNotApplied: number;
  examples: string[];
}

export async function compareSystems(systems: ChaosSystems): Promise<Comparison> {
  const examples: string[] = [];
  const note = (text: string) => {
    if (examples.length < 15) examples.push(text);
  };
  const magentoUrl = systems.magento.url;
  const specterOrders = await controlCall<SpecterOrder[]>(systems.specter.url, 'GET', `${account}/orders`);
  const summary = await controlCall<{
    orders: { entity_id: number; increment_id: string; store_id: number }[];
  }>(magentoUrl, 'GET', '/state/summary');
  const storeIds = await magentoStoreIds(magentoUrl);

  const result: Comparison = {
    ordersPlaced: summary.orders.length,
    ordersInSpecter: specterOrders.length,
    duplicates: 0,
    missing: 0,
    strangers: 0,
    stockDifferences: 0,
    articleDifferences: 0,
    shipmentsDoubled: 0,
    invoicesDoubled: 0,
    capturesDoubled: 0,
    deliveriesNotApplied: 0,
    examples,
  };

  const wanted = new Set<string>();
  for (const shop of systems.shops) {
    const byExternal = new Map<string, SpecterOrder[]>();
    for (const o of specterOrders.filter((o) => o.webshopId === shop.webshopId))
      byExternal.set(o.externalOrderNo, [...(byExternal.get(o.externalOrderNo) ?? []), o]);
    const mine = summary.orders.filter((o) => o.store_id === storeIds.get(shop.storeCode));
    for (const order of mine) {
      const external = `${shop.prefix}${order.increment_id}`;
      wanted.add(`${shop.webshopId}:${external}`);
      const matches = byExternal.get(external) ?? [];
      if (matches.length === 0) {
        result.missing++;
        note(`${shop.id} order ${order.increment_id} is not in Specter`);
        continue;
      }
      if (matches.length > 1) {
        result.duplicates++;
        note(`${shop.id} order ${order.increment_id} is in Specter ${matches.length} times`);
      }
      const delivered = matches.reduce((n, m) => n + m.deliveries.length, 0);
      const detail = await controlCall<{ shipments: unknown[]; invoices: unknown[]; captures: unknown[] }>(
        magentoUrl,
        'GET',
        `/state/orders/${order.entity_id}`,
      );
      if (detail.shipments.length > delivered) {
        result.shipmentsDoubled++;
        note(
          `${shop.id} order ${order.increment_id}: ${detail.shipments.length} shipments for ${delivered} deliveries`,
        );
      }
      // A whole-order delivery gives one invoice; each invoice is captured at most once.
      if (detail.invoices.length > Math.min(1, delivered)) {
        result.invoicesDoubled++;
        note(`${shop.id} order ${order.increment_id}: ${detail.invoices.length} invoices`);
      }
      if (detail.captures.length > detail.invoices.length) {
        result.capturesDoubled++;
        note(`${shop.id} order ${order.increment_id}: ${detail.captures.length} captures`);
      }
      if (delivered > 0 && (detail.shipments.length === 0 || detail.invoices.length === 0)) {
        result.deliveriesNotApplied++;
        note(`${shop.id} order ${order.increment_id}: delivered in Specter, not shipped/invoiced in Magento`);
      }
    }
  }
  for (const o of specterOrders) {
    if (!wanted.has(`${o.webshopId}:${o.externalOrderNo}`)) {
      result.strangers++;
      note(`Specter order ${o.orderNo} (${o.externalOrderNo}) matches no Magento order`);
    }
  }

  const articles = await controlCall<SpecterArticle[]>(systems.specter.url, 'GET', `${account}/articles`);
  const salable = (await controlCall<{ salable: Record<string, number> }>(magentoUrl, 'GET', '/state/stock'))
    .salable;
  for (const article of articles) {
    if (article.articleNo === 'FRAKT') continue;
    if (article.stockKeeping && !article.isMainArticle) {
      const available = article.stock.find((s) => s.stockSiteId === 1)?.available ?? 0;
      if (salable[article.articleNo] !== Math.max(0, available)) {
        result.stockDifferences++;
        note(`${article.articleNo}: Magento salable ${salable[article.articleNo]} != Specter ${available}`);
      }
    }
    const product = await controlCall<{
      global: { name: string; price?: number };
      overrides: Record<string, { name?: string }>;
    }>(magentoUrl, 'GET', `/state/products/${encodeURIComponent(article.articleNo)}`).catch(() => null);
    if (!product) {
      result.articleDifferences++;
      note(`${article.articleNo}: not in Magento`);
      continue;
    }
    const name = product.overrides.default?.name ?? product.global.name;
    const price = round2(article.priceExclVat * (1 + article.vatPercent / 100));
    if (name !== article.name || (!article.isMainArticle && product.global.price !== price)) {
      result.articleDifferences++;
      note(
        `${article.articleNo}: Magento "${name}" ${product.global.price} != Specter "${article.name}" ${price}`,
      );
    }
  }
  return result;
}
