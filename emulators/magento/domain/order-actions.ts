import { MagentoError } from '../errors.ts';
import type { EmulatorState, InvoiceRecord, OrderItem, OrderRecord, ShipmentRecord } from '../state.ts';
import { nextId } from '../state.ts';
import { round2 } from './money.ts';
import { getOrder, nextIncrementId, ONLINE_METHODS, refreshState, topLevelItems } from './orders.ts';
import { deductShippedQuantity } from './stock.ts';

interface ItemQty {
  order_item_id: number;
  qty: number;
}

const shipmentRefused = () =>
  new MagentoError(
    400,
    'Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created.',
  );
const invoiceRefused = () =>
  new MagentoError(
    400,
    'Invoice Document Validation Error(s):\nThe order does not allow an invoice to be created.',
  );

function childrenOf(order: OrderRecord, item: OrderItem): OrderItem[] {
  return order.items.filter((i) => i.parent_item_id === item.item_id);
}

/** Picks the lines and quantities of a document: the requested ones, or everything still open. */
function documentLines(
  order: OrderRecord,
  requested: ItemQty[] | undefined,
  remaining: (i: OrderItem) => number,
  refuse: () => MagentoError,
): { item: OrderItem; qty: number }[] {
  const lines: { item: OrderItem; qty: number }[] = [];
  if (!requested || requested.length === 0) {
    for (const item of topLevelItems(order))
      if (remaining(item) > 0) lines.push({ item, qty: remaining(item) });
  } else {
    for (const r of requested) {
      let item = order.items.find((i) => i.item_id === Number(r.order_item_id));
      if (item?.parent_item_id !== undefined)
        item = order.items.find((i) => i.item_id === item?.parent_item_id);
      if (!item)
        throw new MagentoError(
          400,
          `${refuse().message.split('\n')[0]}\nThe order item with ID "${r.order_item_id}" doesn't exist.`,
        );
      const qty = Number(r.qty);
      if (!(qty >= 0) || qty > remaining(item))
        throw new MagentoError(
          400,
          `${refuse().message.split('\n')[0]}\nWe found an invalid quantity to ${refuse === shipmentRefused ? 'ship' : 'invoice'} item "${item.name}".`,
        );
      if (qty > 0) lines.push({ item, qty });
    }
  }
  if (lines.length === 0) throw refuse();
  return lines;
}

export function shipOrder(state: EmulatorState, orderId: number, body: Record<string, unknown>): number {
  const order = getOrder(state, orderId);
  if (order.state === 'canceled' || order.state === 'closed' || order.state === 'holded')
    throw shipmentRefused();
  const tracks = Array.isArray(body.tracks) ? (body.tracks as Record<string, unknown>[]) : [];
  for (const track of tracks) {
    if (!track.track_number)
      throw new MagentoError(400, 'Shipment Document Validation Error(s):\nPlease enter a tracking number.');
  }
  const remaining = (i: OrderItem) => (i.is_virtual ? 0 : i.qty_ordered - i.qty_shipped - i.qty_canceled);
  const lines = documentLines(order, body.items as ItemQty[] | undefined, remaining, shipmentRefused);
  const now = state.clock.timestamp();
  const shipmentId = nextId(state, 'shipment');
  const shipment: ShipmentRecord = {
    entity_id: shipmentId,
    increment_id: nextIncrementId(state, 'shipment', order.store_id),
    order_id: order.entity_id,
    store_id: order.store_id,
    created_at: now,
    updated_at: now,
    total_qty: lines.reduce((s, l) => s + l.qty, 0),
    items: lines.map(({ item, qty }) => ({
      entity_id: nextId(state, 'sub'),
      parent_id: shipmentId,
      order_item_id: item.item_id,
      qty,
      sku: item.sku,
      name: item.name,
      price: item.price,
      product_id: item.product_id,
      weight: item.weight,
    })),
    tracks: tracks.map((t) => ({
      entity_id: nextId(state, 'sub'),
      parent_id: shipmentId,
      order_id: order.entity_id,
      track_number: String(t.track_number),
      title: String(t.title ?? ''),
      carrier_code: String(t.carrier_code ?? 'custom'),
      created_at: now,
      updated_at: now,
      qty: 0,
      weight: 0,
      description: String(t.description ?? ''),
    })),
    comments: [],
    notified: Boolean(body.notify),
  };
  const comment = body.comment as { comment?: string; is_visible_on_front?: number } | undefined;
  if (comment?.comment) {
    shipment.comments.push({
      entity_id: nextId(state, 'sub'),
      parent_id: shipmentId,
      comment: comment.comment,
      created_at: now,
      is_customer_notified: body.notify ? 1 : 0,
      is_visible_on_front: Number(comment.is_visible_on_front ?? 0),
    });
  }
  for (const { item, qty } of lines) {
    item.qty_shipped += qty;
    item.updated_at = now;
    const children = childrenOf(order, item);
    for (const child of children) child.qty_shipped += qty;
    // The goods leave the warehouse: the simple product's (or the chosen variant's) source quantity drops.
    const stockSku = children[0]?.sku ?? item.sku;
    if (item.product_type !== 'configurable' || children.length > 0)
      deductShippedQuantity(state, order, stockSku, qty);
  }
  state.shipments.set(shipmentId, shipment);
  refreshState(order);
  order.updated_at = now;
  return shipmentId;
}

function sumInvoiced(
  state: EmulatorState,
  itemId: number,
  pick: (i: InvoiceRecord['items'][number]) => number,
): number {
  let sum = 0;
  for (const invoice of state.invoices.values())
    for (const line of invoice.items) if (line.order_item_id === itemId) sum += pick(line);
  return sum;
}

/** Share of a row amount for qty; the last document takes what is left so the cents add up. */
function portion(
  state: EmulatorState,
  item: OrderItem,
  qty: number,
  total: number,
  pick: (i: InvoiceRecord['items'][number]) => number,
): number {
  const isLast = item.qty_invoiced + qty >= item.qty_ordered - item.qty_canceled;
  if (isLast) return round2(total - sumInvoiced(state, item.item_id, pick));
  return round2((total * qty) / item.qty_ordered);
}

export function invoiceOrder(state: EmulatorState, orderId: number, body: Record<string, unknown>): number {
  const order = getOrder(state, orderId);
  if (order.state === 'canceled' || order.state === 'closed' || order.state === 'holded')
    throw invoiceRefused();
  const remaining = (i: OrderItem) => i.qty_ordered - i.qty_invoiced - i.qty_canceled;
  const lines = documentLines(order, body.items as ItemQty[] | undefined, remaining, invoiceRefused);
  const now = state.clock.timestamp();
  const invoiceId = nextId(state, 'invoice');
  const items = lines.map(({ item, qty }) => ({
    entity_id: nextId(state, 'sub'),
    parent_id: invoiceId,
    order_item_id: item.item_id,
    sku: item.sku,
    name: item.name,
    qty,
    product_id: item.product_id,
    price: item.price,
    price_incl_tax: item.price_incl_tax,
    row_total: portion(state, item, qty, item.row_total, (l) => l.row_total),
    row_total_incl_tax: portion(state, item, qty, item.row_total_incl_tax, (l) => l.row_total_incl_tax),
    tax_amount: portion(state, item, qty, item.tax_amount, (l) => l.tax_amount),
    discount_amount: portion(state, item, qty, item.discount_amount, (l) => l.discount_amount),
  }));
  // Shipping goes on the first invoice, as Magento's invoice shipping collector does.
  const withShipping = order.shipping_invoiced === 0 && order.shipping_incl_tax > 0;
  const shippingIncl = withShipping ? order.shipping_incl_tax : 0;
  const shippingExcl = withShipping ? order.shipping_amount : 0;
  const shippingTax = withShipping ? order.shipping_tax_amount : 0;
  const sum = (pick: (i: (typeof items)[number]) => number) => round2(items.reduce((s, i) => s + pick(i), 0));
  const grandTotal = round2(sum((i) => i.row_total_incl_tax) - sum((i) => i.discount_amount) + shippingIncl);
  const online = ONLINE_METHODS.has(order.payment.method);
  const capture = body.capture === true || body.capture === 'true' || body.capture === 1;
  const paid = !online || capture;
  const invoice: InvoiceRecord = {
    entity_id: invoiceId,
    increment_id: nextIncrementId(state, 'invoice', order.store_id),
    order_id: order.entity_id,
    store_id: order.store_id,
    state: paid ? 2 : 1,
    created_at: now,
    updated_at: now,
    can_void_flag: 0,
    total_qty: lines.reduce((s, l) => s + l.qty, 0),
    subtotal: sum((i) => i.row_total),
    subtotal_incl_tax: sum((i) => i.row_total_incl_tax),
    tax_amount: round2(sum((i) => i.tax_amount) + shippingTax),
    shipping_amount: shippingExcl,
    shipping_incl_tax: shippingIncl,
    shipping_tax_amount: shippingTax,
    discount_amount: sum((i) => i.discount_amount) === 0 ? 0 : -sum((i) => i.discount_amount),
    grand_total: grandTotal,
    order_currency_code: order.order_currency_code,
    base_currency_code: order.base_currency_code,
    notified: Boolean(body.notify),
    items,
  };
  if (online && capture) {
    const transactionId = `${order.payment.method}-${order.increment_id}-${invoiceId}`;
    invoice.transaction_id = transactionId;
    order.payment.last_trans_id = transactionId;
    state.captures.push({
      order_id: order.entity_id,
      increment_id: order.increment_id,
      invoice_id: invoiceId,
      method: order.payment.method,
      amount: grandTotal,
      currency: order.order_currency_code,
      transaction_id: transactionId,
      created_at: now,
    });
  }
  for (const { item, qty } of lines) {
    const line = items.find((i) => i.order_item_id === item.item_id);
    item.qty_invoiced += qty;
    item.row_invoiced = round2(item.row_invoiced + (line?.row_total ?? 0));
    item.tax_invoiced = round2(item.tax_invoiced + (line?.tax_amount ?? 0));
    item.updated_at = now;
    for (const child of childrenOf(order, item)) child.qty_invoiced += qty;
  }
  order.total_invoiced = round2(order.total_invoiced + grandTotal);
  if (paid) {
    order.total_paid = round2(order.total_paid + grandTotal);
    order.payment.amount_paid = order.total_paid;
  }
  if (withShipping) order.shipping_invoiced = shippingExcl;
  state.invoices.set(invoiceId, invoice);
  refreshState(order);
  order.updated_at = now;
  return invoiceId;
}

/** OrderManagementInterface::cancel: false when the order can't be canceled any more. */
export function cancelOrder(state: EmulatorState, orderId: number): boolean {
  const order = getOrder(state, orderId);
  if (['canceled', 'complete', 'closed', 'holded', 'payment_review'].includes(order.state)) return false;
  const lines = topLevelItems(order);
  if (lines.every((i) => i.qty_invoiced + i.qty_canceled >= i.qty_ordered)) return false;
  let canceledAmount = 0;
  for (const item of lines) {
    const toCancel = item.qty_ordered - Math.max(item.qty_shipped, item.qty_invoiced) - item.qty_canceled;
    if (toCancel <= 0) continue;
    canceledAmount += (item.row_total_incl_tax - item.discount_amount) * (toCancel / item.qty_ordered);
    item.qty_canceled += toCancel;
    for (const child of childrenOf(order, item)) child.qty_canceled += toCancel;
  }
  const untouched = lines.every((i) => i.qty_invoiced === 0 && i.qty_shipped === 0);
  order.total_canceled = round2(untouched ? order.grand_total : canceledAmount);
  if (untouched) {
    order.state = 'canceled';
    order.status = 'canceled';
  } else {
    refreshState(order);
  }
  order.updated_at = state.clock.timestamp();
  return true;
}

export function addOrderComment(
  state: EmulatorState,
  orderId: number,
  history: Record<string, unknown>,
): boolean {
  const order = getOrder(state, orderId);
  const now = state.clock.timestamp();
  const status = typeof history.status === 'string' && history.status !== '' ? history.status : order.status;
  order.status_histories.push({
    entity_id: nextId(state, 'history'),
    parent_id: order.entity_id,
    comment: String(history.comment ?? ''),
    created_at: now,
    entity_name: 'order',
    is_customer_notified:
      history.is_customer_notified === undefined || history.is_customer_notified === null
        ? null
        : Number(history.is_customer_notified),
    is_visible_on_front: Number(history.is_visible_on_front ?? 0),
    status,
  });
  // Since 2.4 a status given with the comment becomes the order's status.
  order.status = status;
  order.updated_at = now;
  return true;
}
