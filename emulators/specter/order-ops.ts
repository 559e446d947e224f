import { stockLevel } from './account.ts';
import { CALLTYPE, DELIVERY_STATUS, ORDER_STATUS } from './assumptions.ts';
import { type Doorbell, orderChanged, stockChanged } from './changes.ts';
import { round2 } from './rng.ts';
import type { Account, Delivery, Invoice, Order } from './types.ts';
import { deliveryStatusOf } from './views.ts';

/**
 * What people do in Specter's office UI to an order: deliver, invoice, mark paid, credit, cancel.
 * Used by the control surface, and by the API where the shop may do the same (cancelOrderSubmit,
 * createInvoice on newOrderSubmit).
 */
export class OfficeError extends Error {
  constructor(
    message: string,
    readonly kind: 'notFound' | 'conflict' | 'invalid',
  ) {
    super(message);
  }
}

const isStockKept = (account: Account, articleNo: string): boolean =>
  account.articles.get(articleNo)?.stockKeeping ?? false;

/** Reserve the order's stock-kept rows on its stock site (order creation). */
export function reserveStock(account: Account, order: Order, bell: Doorbell): void {
  const touched = new Set<string>();
  for (const row of order.rows) {
    if (!isStockKept(account, row.articleNo) || row.noOfItems <= 0) continue;
    stockLevel(account, row.articleNo, order.stockSiteId).reserved += row.noOfItems;
    touched.add(row.articleNo);
  }
  stockChanged(account, touched, bell);
}

export interface DeliverInput {
  /** absent: everything not yet delivered */
  rows?: Array<{ rowNo?: number; articleNo?: string; noOfItems: number }>;
  trackingNo?: string;
  trackingNos?: string[];
  carrier?: string;
}

export function deliverOrder(
  account: Account,
  order: Order,
  input: DeliverInput,
  bell: Doorbell,
  now: string,
): Delivery {
  if (order.statusId === ORDER_STATUS.cancelled)
    throw new OfficeError(`order ${order.orderNo} is cancelled`, 'conflict');
  const wanted = new Map<number, number>();
  if (input.rows && input.rows.length > 0) {
    for (const r of input.rows) {
      const row =
        r.rowNo !== undefined
          ? order.rows.find((x) => x.rowNo === r.rowNo)
          : order.rows.find(
              (x) =>
                x.articleNo === r.articleNo && x.deliveredItems + (wanted.get(x.rowNo) ?? 0) < x.noOfItems,
            );
      if (!row)
        throw new OfficeError(`order ${order.orderNo} has no row ${r.rowNo ?? r.articleNo}`, 'invalid');
      if (!(r.noOfItems > 0)) throw new OfficeError('noOfItems must be positive', 'invalid');
      const total = (wanted.get(row.rowNo) ?? 0) + r.noOfItems;
      if (row.deliveredItems + total > row.noOfItems) {
        throw new OfficeError(
          `row ${row.rowNo} (${row.articleNo}): only ${row.noOfItems - row.deliveredItems} left to deliver`,
          'invalid',
        );
      }
      wanted.set(row.rowNo, total);
    }
  } else {
    for (const row of order.rows) {
      const left = row.noOfItems - row.deliveredItems;
      if (left > 0) wanted.set(row.rowNo, left);
    }
  }
  if (wanted.size === 0)
    throw new OfficeError(`order ${order.orderNo} has nothing left to deliver`, 'conflict');

  const touched = new Set<string>();
  const delivery: Delivery = {
    deliveryNo: ++account.seq.deliveryNo,
    deliveryDate: now.slice(0, 10),
    trackingNo: input.trackingNos?.filter((t) => t !== '').join(',') ?? input.trackingNo ?? '',
    carrier: input.carrier ?? '',
    stockSiteId: order.stockSiteId,
    rows: [],
  };
  for (const [rowNo, qty] of wanted) {
    const row = order.rows.find((r) => r.rowNo === rowNo)!;
    row.deliveredItems += qty;
    delivery.rows.push({ rowNo, articleNo: row.articleNo, noOfItems: qty });
    if (isStockKept(account, row.articleNo)) {
      const level = stockLevel(account, row.articleNo, order.stockSiteId);
      level.onHand -= qty;
      level.reserved = Math.max(0, level.reserved - qty);
      touched.add(row.articleNo);
    }
  }
  order.deliveries.push(delivery);
  order.updatedAt = now;
  maybeClose(order);
  stockChanged(account, touched, bell);
  orderChanged(account, order, { deliveriesChanged: true, calltype: CALLTYPE.orderUpdated }, bell);
  return delivery;
}

/**
 * Invoice what is delivered and not yet invoiced; with nothing such, invoice everything not yet
 * invoiced (a prepayment invoice before delivery).
 */
export function invoiceOrder(account: Account, order: Order, bell: Doorbell, now: string): Invoice {
  if (order.statusId === ORDER_STATUS.cancelled)
    throw new OfficeError(`order ${order.orderNo} is cancelled`, 'conflict');
  let take = order.rows
    .map((r) => ({ row: r, qty: r.deliveredItems - r.invoicedItems }))
    .filter((x) => x.qty > 0);
  if (take.length === 0)
    take = order.rows.map((r) => ({ row: r, qty: r.noOfItems - r.invoicedItems })).filter((x) => x.qty > 0);
  if (take.length === 0) throw new OfficeError(`order ${order.orderNo} is fully invoiced`, 'conflict');
  const rows = take.map(({ row, qty }) => {
    row.invoicedItems += qty;
    return {
      rowNo: row.rowNo,
      articleNo: row.articleNo,
      noOfItems: qty,
      priceExclVat: row.priceExclVat,
      vatPercent: row.vatPercent,
    };
  });
  const invoice: Invoice = {
    invoiceNo: ++account.seq.invoiceNo,
    orderNo: order.orderNo,
    invoiceDate: now.slice(0, 10),
    amountInclVat: amountInclVat(rows),
    isCredit: false,
    isPaid: false,
    paidDate: '',
    rows,
  };
  account.invoices.set(invoice.invoiceNo, invoice);
  order.invoiceNos.push(invoice.invoiceNo);
  order.updatedAt = now;
  maybeClose(order);
  orderChanged(
    account,
    order,
    {
      calltype: CALLTYPE.invoiceCreated,
      params: { orderId: String(order.orderNo), invoiceId: String(invoice.invoiceNo) },
    },
    bell,
  );
  return invoice;
}

export function payInvoice(
  account: Account,
  invoice: Invoice,
  bell: Doorbell,
  now: string,
  paidDate?: string,
): Invoice {
  if (invoice.isCredit) throw new OfficeError(`invoice ${invoice.invoiceNo} is a credit invoice`, 'invalid');
  if (invoice.isPaid) throw new OfficeError(`invoice ${invoice.invoiceNo} is already paid`, 'conflict');
  invoice.isPaid = true;
  invoice.paidDate = paidDate ?? now.slice(0, 10);
  const order = account.orders.get(invoice.orderNo)!;
  order.updatedAt = now;
  orderChanged(account, order, { calltype: CALLTYPE.orderUpdated }, bell);
  return invoice;
}

export function creditInvoice(account: Account, invoice: Invoice, bell: Doorbell, now: string): Invoice {
  if (invoice.isCredit) throw new OfficeError(`invoice ${invoice.invoiceNo} is a credit invoice`, 'invalid');
  if (invoice.creditedBy !== undefined)
    throw new OfficeError(`invoice ${invoice.invoiceNo} is already credited`, 'conflict');
  const rows = invoice.rows.map((r) => ({ ...r, noOfItems: -r.noOfItems }));
  const credit: Invoice = {
    invoiceNo: ++account.seq.invoiceNo,
    orderNo: invoice.orderNo,
    invoiceDate: now.slice(0, 10),
    amountInclVat: amountInclVat(rows),
    isCredit: true,
    isPaid: false,
    paidDate: '',
    creditOf: invoice.invoiceNo,
    rows,
  };
  invoice.creditedBy = credit.invoiceNo;
  account.invoices.set(credit.invoiceNo, credit);
  const order = account.orders.get(invoice.orderNo)!;
  order.invoiceNos.push(credit.invoiceNo);
  order.updatedAt = now;
  orderChanged(
    account,
    order,
    {
      calltype: CALLTYPE.invoiceCreated,
      params: { orderId: String(order.orderNo), invoiceId: String(credit.invoiceNo) },
    },
    bell,
  );
  return credit;
}

/** Cancel (delete) an order: refused once anything is delivered; releases its reservations. */
export function cancelOrder(account: Account, order: Order, bell: Doorbell, now: string): Order {
  if (order.statusId === ORDER_STATUS.cancelled)
    throw new OfficeError(`order ${order.orderNo} is already cancelled`, 'conflict');
  if (order.deliveries.length > 0)
    throw new OfficeError(`order ${order.orderNo} has deliveries and cannot be cancelled`, 'conflict');
  const touched = new Set<string>();
  for (const row of order.rows) {
    if (!isStockKept(account, row.articleNo)) continue;
    const level = stockLevel(account, row.articleNo, order.stockSiteId);
    level.reserved = Math.max(0, level.reserved - (row.noOfItems - row.deliveredItems));
    touched.add(row.articleNo);
  }
  order.statusId = ORDER_STATUS.cancelled;
  order.updatedAt = now;
  stockChanged(account, touched, bell);
  orderChanged(
    account,
    order,
    { calltype: CALLTYPE.orderDeleted, params: { orderNo: String(order.orderNo) } },
    bell,
  );
  return order;
}

export function setOrderStatus(
  account: Account,
  order: Order,
  statusId: number,
  bell: Doorbell,
  now: string,
): Order {
  if (statusId === ORDER_STATUS.cancelled) return cancelOrder(account, order, bell, now);
  if (![1, 2, 3, 4].includes(statusId)) throw new OfficeError(`unknown statusId ${statusId}`, 'invalid');
  if (order.statusId === ORDER_STATUS.cancelled)
    throw new OfficeError(`order ${order.orderNo} is cancelled`, 'conflict');
  order.statusId = statusId;
  order.updatedAt = now;
  orderChanged(account, order, { calltype: CALLTYPE.orderUpdated }, bell);
  return order;
}

function maybeClose(order: Order): void {
  const fullyInvoiced = order.rows.every((r) => r.invoicedItems >= r.noOfItems);
  if (deliveryStatusOf(order) === DELIVERY_STATUS.delivered && fullyInvoiced && order.invoiceNos.length > 0) {
    order.statusId = ORDER_STATUS.closed;
  }
}

function amountInclVat(rows: Array<{ noOfItems: number; priceExclVat: number; vatPercent: number }>): number {
  return round2(rows.reduce((s, r) => s + r.noOfItems * r.priceExclVat * (1 + r.vatPercent / 100), 0));
}
