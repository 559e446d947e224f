// Order feed item -> OrderEvent[]. One event per delivery (so each Magento shipment carries only
// the rows of that delivery), one per invoice, one per paid invoice, one for cancellation. Event keys
// depend only on Specter's identities (order, delivery, invoice numbers), never on the batch or on
// the order's current status, so re-reading the same feed content yields the same keys.

import type { Delivery, OrderEvent } from '../../../domain/types.ts';
import { DELIVERY_STATUS, ORDER_STATUS_ID } from '../assumptions.ts';
import type { SpecterDelivery, SpecterOrderStatus } from '../specter-types.ts';

function trackingNumbers(trackingNo: string | undefined): string[] {
  return (trackingNo ?? '')
    .split(/[,;\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

function toDelivery(delivery: SpecterDelivery, fallbackNo: string): Delivery {
  return {
    deliveryNo: delivery.deliveryNo ?? fallbackNo,
    trackingNumbers: trackingNumbers(delivery.trackingNo),
    ...(delivery.carrier ? { carrier: delivery.carrier } : {}),
    rows: delivery.rows.map((row) => ({ sku: row.articleNo, qty: row.noOfItems })),
  };
}

export function mapOrderEvents(status: SpecterOrderStatus): OrderEvent[] {
  const base = {
    specterOrderNo: status.orderNo,
    ...(status.externalOrderNo ? { externalOrderNo: status.externalOrderNo } : {}),
  };
  const events: OrderEvent[] = [];
  const fullyDelivered = status.deliveryStatus === DELIVERY_STATUS.delivered;

  // Deliveries without a number (P1's shape) are told apart by position: Specter lists them in order.
  status.deliveries.forEach((delivery, index) => {
    const mapped = toDelivery(delivery, `#${index + 1}`);
    const isLast = index === status.deliveries.length - 1;
    events.push({
      ...base,
      kind: fullyDelivered && isLast ? 'delivered' : 'partly-delivered',
      eventKey: `delivery:${status.orderNo}:${mapped.deliveryNo}`,
      deliveries: [mapped],
    });
  });
  if (fullyDelivered && status.deliveries.length === 0) {
    // Delivered without delivery details: the whole order shipped, no rows or tracking known.
    events.push({ ...base, kind: 'delivered', eventKey: `delivery:${status.orderNo}:all`, deliveries: [] });
  }

  for (const invoice of status.invoices) {
    // Credit notes have no event kind in the domain yet; they are not acted on.
    if (invoice.isCredit) continue;
    events.push({
      ...base,
      kind: 'invoiced',
      eventKey: `invoice:${status.orderNo}:${invoice.invoiceNo}`,
      deliveries: [],
      invoiceNo: invoice.invoiceNo,
    });
    if (invoice.isPaid) {
      events.push({
        ...base,
        kind: 'paid',
        eventKey: `paid:${status.orderNo}:${invoice.invoiceNo}`,
        deliveries: [],
        invoiceNo: invoice.invoiceNo,
      });
    }
  }

  if (status.statusId === ORDER_STATUS_ID.cancelled) {
    events.push({ ...base, kind: 'cancelled', eventKey: `cancelled:${status.orderNo}`, deliveries: [] });
  }
  return events;
}
