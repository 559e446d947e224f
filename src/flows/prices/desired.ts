// Desired prices per shop and SKU, from Specter's article-info feed: the base price (the shop's
// price list in its currency, or the article's own price) and the tier prices of each mapped list.
import type { PriceListEntry } from '../../domain/types.ts';
import type { FlowContext, ShopRuntime } from '../context.ts';
import type { ArticleInfoItem } from '../ports.ts';
import { putValues } from '../shared/pending-writes.ts';

export interface PriceValue {
  priceExclVat: number | null;
  vatPercent: number;
}

export interface TierValue {
  vatPercent: number;
  entries: PriceListEntry[];
}

export function priceFlushKey(connectionId: string, shopId: string): string {
  return `${connectionId}:${shopId}:price-flush`;
}

export async function queuePriceFlush(context: FlowContext, shopId: string): Promise<void> {
  await context.queue.enqueue({
    connectionId: context.connection.id,
    shopId,
    stream: 'prices',
    kind: 'price.flush',
    entityKey: 'prices',
    dedupeKey: priceFlushKey(context.connection.id, shopId),
    payload: {},
  });
}

/** The base price for a shop: its own price list when it names one, else the article's price. */
export function basePriceFor(item: ArticleInfoItem, shop: ShopRuntime['config']): number | null {
  if (shop.basePriceList) {
    const entry = item.prices.find((p) => p.priceListId === shop.basePriceList && p.fromQuantity <= 1);
    return entry ? entry.priceExclVat : null;
  }
  return item.article.priceExclVat ?? null;
}

export async function recordPrices(
  context: FlowContext,
  shop: ShopRuntime,
  items: ArticleInfoItem[],
  seq: number,
): Promise<void> {
  const connectionId = context.connection.id;
  const mapped = new Set(shop.config.priceLists.map((p) => p.priceListId));
  const priced = items.filter((i) => i.article.kind !== 'configurable');
  // Magento's default price scope is global: one base price per installation, written by its
  // first shop. The other shops of the installation get their prices as tier prices per website.
  const firstOfInstallation = [...context.shops.values()].find(
    (s) => s.config.magento.url === shop.config.magento.url,
  );
  if (context.plan.prices.enabled && firstOfInstallation?.config.id === shop.config.id) {
    const values = priced
      .map((item) => ({
        key: item.article.sku,
        seq,
        value: {
          priceExclVat: basePriceFor(item, shop.config),
          vatPercent: item.article.vatPercent ?? 25,
        } satisfies PriceValue,
      }))
      .filter((v) => v.value.priceExclVat !== null);
    await putValues(context.db, connectionId, shop.config.id, 'price', values);
  }
  if (context.plan.priceLists.enabled && mapped.size > 0) {
    const values = priced.map((item) => ({
      key: item.article.sku,
      seq,
      value: {
        vatPercent: item.article.vatPercent ?? 25,
        entries: item.prices.filter((p) => mapped.has(p.priceListId)),
      } satisfies TierValue,
    }));
    await putValues(context.db, connectionId, shop.config.id, 'tier', values);
  }
}
