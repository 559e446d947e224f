// End-state comparison of both systems, record by record, read through the emulators' control
// surfaces (never through Koppla's own state). Each function returns a list of differences in
// words; an empty list means the systems agree.
import { controlCall, magentoStoreIds } from '../../src/demo/emulator-control.ts';
import { DEMO_SBM_ID, type Environment } from '../../src/demo/environment.ts';

const account = `/accounts/${DEMO_SBM_ID}`;

export interface SpecterArticle {
  articleNo: string;
  name: string;
  priceExclVat: number;
  vatPercent: number;
  stockKeeping: boolean;
  isMainArticle: boolean;
  mainArticleNo: string;
  variantValues: string;
  barCode?: string;
  prices: { priceListId: number; currency: string; fromQuantity: number; priceExclVat: number }[];
  stock: { stockSiteId: number; available: number }[];
}

export interface SpecterOrder {
  orderNo: number;
  externalOrderNo: string;
  webshopId: number;
  statusId: number;
  deliveryStatus: string;
  rows: { articleNo: string; priceExclVat: number; noOfItems: number; vatPercent: number }[];
  deliveries?: unknown[];
}

export interface MagentoProductRow {
  sku: string;
  type_id: string;
  price: number;
  name: string;
  website_ids: number[];
  children: string[];
}

export const specterArticles = (env: Environment) =>
  controlCall<SpecterArticle[]>(env.specterUrl, 'GET', `${account}/articles`);
export const specterOrders = (env: Environment) =>
  controlCall<SpecterOrder[]>(env.specterUrl, 'GET', `${account}/orders`);
export const magentoProducts = async (url: string) =>
  (await controlCall<{ products: MagentoProductRow[] }>(url, 'GET', '/state/products')).products;
export const magentoSalable = async (url: string) =>
  (await controlCall<{ salable: Record<string, number> }>(url, 'GET', '/state/stock')).salable;
export const magentoTierPrices = async (url: string) =>
  (
    await controlCall<{
      tierPrices: {
        sku: string;
        website_id: number;
        customer_group: string;
        quantity: number;
        price: number;
      }[];
    }>(url, 'GET', '/state/prices')
  ).tierPrices;

export interface MagentoOrderSummary {
  entity_id: number;
  increment_id: string;
  state: string;
  status: string;
  store_id: number;
}

export const magentoOrders = async (url: string) =>
  (await controlCall<{ orders: MagentoOrderSummary[] }>(url, 'GET', '/state/summary')).orders;

export interface MagentoOrderDetail {
  order: {
    grand_total: number;
    increment_id: string;
    state: string;
    status: string;
    order_currency_code: string;
  };
  shipments: { tracks: { track_number: string }[]; items: { qty: number }[] }[];
  invoices: unknown[];
  captures: unknown[];
}

export const magentoOrder = (url: string, id: number) =>
  controlCall<MagentoOrderDetail>(url, 'GET', `/state/orders/${id}`);

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Specter's order total: each row qty x price x (1 + VAT), rounded to öre. */
export function specterTotal(order: SpecterOrder): number {
  return round2(
    order.rows.reduce((sum, r) => sum + round2(r.noOfItems * r.priceExclVat * (1 + r.vatPercent / 100)), 0),
  );
}

/** Every Magento order of each shop is in Specter exactly once, with the same total to the öre. */
export async function compareOrders(env: Environment): Promise<string[]> {
  const problems: string[] = [];
  const inSpecter = await specterOrders(env);
  for (const shop of env.connection.shops) {
    const url = env.shopInstallations[shop.id]!;
    const storeIds = await magentoStoreIds(url);
    const orders = (await magentoOrders(url)).filter((o) => o.store_id === storeIds.get(shop.storeCode));
    for (const order of orders) {
      const external = `${shop.orderNumberPrefix}${order.increment_id}`;
      const matches = inSpecter.filter(
        (o) => o.externalOrderNo === external && o.webshopId === (shop.webshopId ?? 1),
      );
      if (matches.length !== 1) {
        problems.push(`${shop.id} order ${order.increment_id}: ${matches.length} Specter orders`);
        continue;
      }
      const detail = await magentoOrder(url, order.entity_id);
      const total = specterTotal(matches[0]!);
      if (total !== round2(detail.order.grand_total)) {
        problems.push(
          `${shop.id} order ${order.increment_id}: Specter total ${total} != Magento ${detail.order.grand_total}`,
        );
      }
    }
  }
  return problems;
}

/** Magento's salable quantity equals Specter's available quantity for every stock-kept article. */
export async function compareStock(env: Environment, skus?: Set<string>): Promise<string[]> {
  const problems: string[] = [];
  const articles = await specterArticles(env);
  for (const url of env.magentoUrls) {
    const salable = await magentoSalable(url);
    for (const article of articles) {
      if (!article.stockKeeping || article.isMainArticle) continue;
      if (skus && !skus.has(article.articleNo)) continue;
      const available = article.stock.find((s) => s.stockSiteId === 1)?.available ?? 0;
      const magento = salable[article.articleNo];
      if (magento === undefined) {
        problems.push(`${article.articleNo}: no stock in Magento ${url}`);
      } else if (magento !== Math.max(0, available)) {
        problems.push(`${article.articleNo}: Magento ${magento} != Specter ${available}`);
      }
    }
  }
  return problems;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}: last value ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await probe();
  }
  return last;
}
