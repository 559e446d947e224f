// Keeps an order's open lines (what Magento has taken and not shipped) in step with Magento itself,
// and publishes the order's SKUs' stock again.
import type { FlowContext, ShopRuntime } from '../context.ts';
import type { MagentoOrderState } from '../ports.ts';
import { republishStock } from '../stock/sharing.ts';

/**
 * Sets the order's open lines to what Magento still has unshipped (idempotent, unlike closing by
 * the shipped quantity), then publishes all of the order's SKUs again, changed or not: this runs
 * when a step is repeated after a crash, and the crash may have come between an earlier run's line
 * change and its republish (Magento then holds a value Koppla's last write does not account for).
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
  for (const [sku, qty] of open) {
    await context.db
      .updateTable('open_order_lines')
      .set({ qty })
      .where('connection_id', '=', where.connection_id)
      .where('shop_id', '=', where.shop_id)
      .where('increment_id', '=', where.increment_id)
      .where('sku', '=', sku)
      .where('qty', '<>', String(qty))
      .execute();
  }
  await context.db
    .deleteFrom('open_order_lines')
    .where('connection_id', '=', where.connection_id)
    .where('shop_id', '=', where.shop_id)
    .where('increment_id', '=', where.increment_id)
    .where('qty', '<=', '0')
    .execute();
  await republishStock(context, shop.config.id, [...open.keys()]);
}
