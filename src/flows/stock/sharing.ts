// Shops on one Magento installation sell from one stock: they write the same source item, and
// each one's published value subtracts the open orders of all of them. So when an order's open
// lines change, the SKU is published again in every one of those shops, not only the order's: a
// flush of another shop that computed with the old lines must not be the last word in Magento.
import type { FlowContext } from '../context.ts';
import { makeDue } from '../shared/pending-writes.ts';
import { queueStockFlush } from './feed.ts';

/** Shops whose orders hold stock in the same Magento installation (the shop itself included). */
export function shopsSharingStock(context: FlowContext, shopId: string): string[] {
  const shop = context.shops.get(shopId);
  if (!shop) return [shopId];
  const url = shop.config.magento.url;
  return [...context.shops.values()].filter((s) => s.config.magento.url === url).map((s) => s.config.id);
}

/** Open order lines feed into published stock: once they change, the SKUs are written again. */
export async function republishStock(context: FlowContext, shopId: string, skus: string[]): Promise<void> {
  if (!context.plan.stock.enabled || skus.length === 0) return;
  const unique = [...new Set(skus)];
  for (const id of shopsSharingStock(context, shopId)) {
    await makeDue(context.db, context.connection.id, id, 'stock', unique);
    await queueStockFlush(context, id);
  }
}
