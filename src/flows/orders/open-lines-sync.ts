// Keeps an order's open lines (what Magento has taken and not shipped) in step with Magento itself,
// and publishes the affected SKUs' stock again when they change.
import type { FlowContext, ShopRuntime } from '../context.ts';
import type { MagentoOrderState } from '../ports.ts';
import { makeDue } from '../shared/pending-writes.ts';
import { queueStockFlush } from '../stock/feed.ts';

/**
 * Sets the order's open lines to what Magento still has unshipped (idempotent, unlike closing by
 * the shipped quantity), then publishes those SKUs again.
 */
export async function openLinesFromMagento(
  context: FlowContext,
  shop: ShopRuntime,
  state: MagentoOrderState,
): Promise<void> {
  const open = new Map<string, number>();
  for (const item of state.items)
    open.set(item.sku, (open.get(item.sku) ?? 0) + Math.max(0, item.ordered - item.shipped - item.canceled));
  const where = {
    connection_id: context.connection.id,
    shop_id: shop.config.id,
    increment_id: state.order.incrementId,
  };
  const changed: string[] = [];
  for (const [sku, qty] of open) {
    const result = await context.db
      .updateTable('open_order_lines')
      .set({ qty })
      .where('connection_id', '=', where.connection_id)
      .where('shop_id', '=', where.shop_id)
      .where('increment_id', '=', where.increment_id)
      .where('sku', '=', sku)
      .where('qty', '<>', String(qty))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) changed.push(sku);
  }
  await context.db
    .deleteFrom('open_order_lines')
    .where('connection_id', '=', where.connection_id)
    .where('shop_id', '=', where.shop_id)
    .where('increment_id', '=', where.increment_id)
    .where('qty', '<=', '0')
    .execute();
  await republishStock(context, shop, changed);
}

/** Open order lines feed into published stock: once they close, the SKUs are written again. */
export async function republishStock(context: FlowContext, shop: ShopRuntime, skus: string[]): Promise<void> {
  if (!context.plan.stock.enabled || skus.length === 0) return;
  await makeDue(context.db, context.connection.id, shop.config.id, 'stock', skus);
  await queueStockFlush(context, shop.config.id);
}
