// Order detection: poll Magento for orders updated since the cursor (minus an overlap window, so an
// order saved late is not missed), in the shop's eligible statuses, and queue each one once.
import { sql } from 'kysely';
import type { Schedule } from '../../app/flow-set.ts';
import { type FlowContext, type ShopRuntime, trace } from '../context.ts';
import type { OrderHeader } from '../ports.ts';
import { orderDedupeKey, recordOpenLines } from './open-lines.ts';

const EPOCH = '1970-01-01 00:00:00';

/** Magento's "YYYY-MM-DD HH:MM:SS" (UTC) minus some seconds, in the same format. */
export function shiftMagentoTime(value: string, seconds: number): string {
  const date = new Date(`${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(date.getTime())) return EPOCH;
  return new Date(date.getTime() - seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export function toMagentoTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** Orders looked at together: the checks of a poll are made for a chunk in one query each. */
const CHUNK = 100;

export async function detectOrders(context: FlowContext, shop: ShopRuntime): Promise<number> {
  const connectionId = context.connection.id;
  const options = context.connection.streams.orders;
  const start = options.since ? toMagentoTime(options.since) : EPOCH;
  const cursor = (await context.cursors.get(connectionId, shop.config.id, 'orders')) ?? start;
  let newest = cursor;
  let queued = 0;
  let chunk: OrderHeader[] = [];
  const flush = async () => {
    queued += await queueUnhandled(context, shop, chunk);
    chunk = [];
  };
  for await (const header of shop.magento.searchOrders(
    shiftMagentoTime(cursor, options.overlapSeconds),
    shop.config.eligibleStatuses,
  )) {
    if (header.updatedAt > newest) newest = header.updatedAt;
    if (header.updatedAt < start) continue;
    chunk.push(header);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  await context.cursors.set(connectionId, shop.config.id, 'orders', newest);
  if (queued > 0) context.poke();
  return queued;
}

/**
 * Queues the orders of one chunk that are not handled yet. The overlap window makes every poll see
 * recent orders again, so the skip checks are set-wise: three queries a chunk, not three an order.
 */
async function queueUnhandled(
  context: FlowContext,
  shop: ShopRuntime,
  headers: OrderHeader[],
): Promise<number> {
  if (headers.length === 0) return 0;
  const connectionId = context.connection.id;
  const shopId = shop.config.id;
  const keys = headers.map((h) => h.incrementId);
  const bound = await context.bindings.boundMagentoKeys(connectionId, 'order', shopId, keys);
  const open = headers.filter((h) => !bound.has(h.incrementId));
  if (open.length === 0) return 0;
  // A dead-lettered order waits for a person (replay); re-detecting it would only pile up letters.
  const waiting = await context.db
    .selectFrom('dead_letters')
    .select('entity_key')
    .where('connection_id', '=', connectionId)
    .where('shop_id', '=', shopId)
    .where('stream', '=', 'orders')
    .where(
      'entity_key',
      'in',
      open.map((h) => h.incrementId),
    )
    .where('resolved_at', 'is', null)
    .execute();
  const lettered = new Set(waiting.map((row) => row.entity_key));
  // A push of an order that is running now binds the order or dead-letters it. A second job
  // queued behind it would only repeat the same failure as a second letter. An order whose queued
  // job already carries this version of it needs nothing either: while a backlog waits, every poll
  // sees the same unpushed orders again in its overlap window, and rewriting their jobs and lines
  // each time made the backlog grow faster than the workers could take it.
  const dedupeKeys = open.map((h) => orderDedupeKey(connectionId, shopId, h.incrementId));
  const pending = await context.db
    .selectFrom('jobs')
    .select(['dedupe_key', 'status', sql<string | null>`payload->>'updatedAt'`.as('updated_at')])
    .where('dedupe_key', 'in', dedupeKeys)
    .where('status', 'in', ['queued', 'running'])
    .execute();
  const busy = new Set(pending.filter((row) => row.status === 'running').map((row) => row.dedupe_key));
  const queuedVersion = new Map(
    pending.filter((row) => row.status === 'queued').map((row) => [row.dedupe_key, row.updated_at]),
  );
  let queued = 0;
  for (const header of open) {
    const dedupeKey = orderDedupeKey(connectionId, shopId, header.incrementId);
    if (lettered.has(header.incrementId) || busy.has(dedupeKey)) continue;
    if (queuedVersion.get(dedupeKey) === header.updatedAt) continue;
    // The lines first, the job second: a push of an order that got bound meanwhile (a detection
    // racing its push, delivery and shipment) then always runs after these lines exist, and sets
    // them to what Magento still has unshipped. The other way round it could run in between, and
    // the lines recorded after it would count stock Magento no longer holds.
    await recordOpenLines(context.db, connectionId, shopId, header.incrementId, header.lines);
    const result = await context.queue.enqueue({
      connectionId,
      shopId,
      stream: 'orders',
      kind: 'order.push',
      entityKey: header.incrementId,
      dedupeKey,
      payload: header,
      priority: 10,
    });
    if (!result.coalesced) {
      queued++;
      await trace(context, {
        shopId,
        entityType: 'order',
        entityKey: header.incrementId,
        jobId: result.id,
        kind: 'detected',
        message: `Order ${header.incrementId} (${header.status}) detected in Magento`,
      });
    }
  }
  return queued;
}

export function orderPollSchedule(context: FlowContext, shop: ShopRuntime): Schedule {
  return {
    name: `orders-poll:${shop.config.id}`,
    intervalMs: context.connection.streams.orders.pollSeconds * 1000,
    run: async () => {
      await detectOrders(context, shop);
    },
  };
}
