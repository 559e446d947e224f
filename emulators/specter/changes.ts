import { CALLTYPE, type CallType } from './assumptions.ts';
import type { Account, Order, Webshop } from './types.ts';

/** Rings a webshop's registered URL (callbacks.ts); the emulator state only knows this interface. */
export interface Doorbell {
  ring(account: Account, webshop: Webshop, calltype: CallType, params: Record<string, string>): void;
}

/**
 * Every change made in "Specter" (by the API or by an office action) goes through here: it marks
 * the entity on the right feeds and rings the doorbell. Stock and article changes concern every
 * webshop of the account; order changes only the order's webshop.
 */
export function stockChanged(account: Account, articleNos: Iterable<string>, bell: Doorbell): void {
  const nos = [...articleNos];
  if (nos.length === 0) return;
  for (const shop of account.webshops.values()) {
    for (const no of nos) shop.feeds.stock.pending.set(no, { deliveriesChanged: false });
    bell.ring(account, shop, CALLTYPE.stockChanged, {});
  }
}

export function articleInfoChanged(account: Account, articleNos: Iterable<string>, bell: Doorbell): void {
  const nos = [...articleNos];
  if (nos.length === 0) return;
  for (const shop of account.webshops.values()) {
    for (const no of nos) shop.feeds.articleInfo.pending.set(no, { deliveriesChanged: false });
    bell.ring(account, shop, CALLTYPE.articleInfoChanged, {});
  }
}

export interface OrderChange {
  deliveriesChanged?: boolean;
  /** null: put on the feed without ringing (e.g. the shop's own new order) */
  calltype: CallType | null;
  params?: Record<string, string>;
}

export function orderChanged(account: Account, order: Order, change: OrderChange, bell: Doorbell): void {
  const shop = account.webshops.get(order.webshopId);
  if (!shop) return;
  const key = String(order.orderNo);
  const before = shop.feeds.orders.pending.get(key);
  shop.feeds.orders.pending.set(key, {
    deliveriesChanged: (before?.deliveriesChanged ?? false) || (change.deliveriesChanged ?? false),
  });
  if (change.calltype !== null) bell.ring(account, shop, change.calltype, change.params ?? { orderNo: key });
}
