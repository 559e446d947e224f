// Which Magento order lines an event ships or invoices. Pure.
import type { OrderEvent } from '../../domain/types.ts';
import type { MagentoOrderState } from '../ports.ts';

/** Quantities per SKU the event's deliveries cover. */
function deliveredBySku(event: OrderEvent): Map<string, number> {
  const bySku = new Map<string, number>();
  for (const delivery of event.deliveries) {
    for (const row of delivery.rows) bySku.set(row.sku, (bySku.get(row.sku) ?? 0) + row.qty);
  }
  return bySku;
}

/**
 * The lines to ship: only the delivered rows of this event, capped by what is still unshipped.
 * A delivery without rows (the feed did not say) ships everything left.
 */
export function linesToShip(state: MagentoOrderState, event: OrderEvent): { lineId: number; qty: number }[] {
  const delivered = deliveredBySku(event);
  const everything = delivered.size === 0;
  const lines: { lineId: number; qty: number }[] = [];
  for (const item of state.items) {
    const open = item.ordered - item.shipped - item.canceled;
    if (open <= 0) continue;
    const qty = everything ? open : Math.min(open, delivered.get(item.sku) ?? 0);
    if (qty > 0) {
      lines.push({ lineId: item.lineId, qty });
      if (!everything) delivered.set(item.sku, (delivered.get(item.sku) ?? 0) - qty);
    }
  }
  return lines;
}

/**
 * The lines to invoice: for a partial delivery, its rows (money is taken for what left the
 * warehouse); when the order is fully delivered, invoiced or paid, everything not yet invoiced.
 */
export function linesToInvoice(
  state: MagentoOrderState,
  event: OrderEvent,
): { lineId: number; qty: number }[] {
  const delivered = deliveredBySku(event);
  const everything = event.kind !== 'partly-delivered' || delivered.size === 0;
  const lines: { lineId: number; qty: number }[] = [];
  for (const item of state.items) {
    const open = item.ordered - item.invoiced - item.canceled;
    if (open <= 0) continue;
    const qty = everything ? open : Math.min(open, delivered.get(item.sku) ?? 0);
    if (qty > 0) {
      lines.push({ lineId: item.lineId, qty });
      if (!everything) delivered.set(item.sku, (delivered.get(item.sku) ?? 0) - qty);
    }
  }
  return lines;
}
