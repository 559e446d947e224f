import { REPEATED_ACK_IS_OK } from './assumptions.ts';
import type { Account, FeedKind, FeedState } from './types.ts';
import { articleView, orderView, stockView } from './views.ts';

/**
 * The batch + ack protocol shared by the three feeds [K: P1]:
 * - reading with a batchNo while no batch is open takes the pending changes (up to `limit`), snapshots
 *   them and opens that batch;
 * - reading the open batch again gives the same snapshot (stable replay);
 * - reading with another batchNo while one is open is refused (code 99 naming the open batch);
 * - acking the open batch closes it; changes made meanwhile wait for the next batch.
 */
export type FeedReadResult =
  | { kind: 'batch'; batchNo: string; items: unknown[]; moreAvailable: boolean }
  | { kind: 'otherBatchOpen'; openBatchNo: string };

export function readFeed(
  account: Account,
  feedKind: FeedKind,
  feed: FeedState,
  batchNo: string,
  limit?: number,
): FeedReadResult {
  if (feed.open) {
    if (feed.open.batchNo !== batchNo) return { kind: 'otherBatchOpen', openBatchNo: feed.open.batchNo };
    return { kind: 'batch', batchNo, items: feed.open.items, moreAvailable: feed.open.moreAvailable };
  }
  const items: unknown[] = [];
  for (const [key, flags] of feed.pending) {
    if (limit !== undefined && items.length >= limit) break;
    feed.pending.delete(key);
    const item = snapshot(account, feedKind, key, flags.deliveriesChanged);
    if (item !== undefined) items.push(item);
  }
  feed.open = { batchNo, items, moreAvailable: feed.pending.size > 0 };
  return { kind: 'batch', batchNo, items, moreAvailable: feed.open.moreAvailable };
}

export type FeedAckResult = 'acked' | 'unknownBatch';

export function ackFeed(feed: FeedState, batchNo: string): FeedAckResult {
  if (feed.open?.batchNo === batchNo) {
    feed.open = undefined;
    feed.lastAckedBatchNo = batchNo;
    return 'acked';
  }
  if (REPEATED_ACK_IS_OK && feed.lastAckedBatchNo === batchNo) return 'acked';
  return 'unknownBatch';
}

function snapshot(account: Account, kind: FeedKind, key: string, deliveriesChanged: boolean): unknown {
  if (kind === 'orders') {
    const order = account.orders.get(Number(key));
    return order ? orderView(account, order, deliveriesChanged) : undefined;
  }
  const article = account.articles.get(key);
  if (!article) return undefined;
  return kind === 'stock' ? stockView(account, article) : articleView(account, article);
}

/** What the control surface shows of a feed. */
export function describeFeed(feed: FeedState) {
  return {
    pending: [...feed.pending.keys()],
    openBatch: feed.open
      ? { batchNo: feed.open.batchNo, items: feed.open.items.length, moreAvailable: feed.open.moreAvailable }
      : null,
    lastAckedBatchNo: feed.lastAckedBatchNo ?? null,
  };
}
