// Order detection: poll Magento for orders updated since the cursor (minus an overlap window, so an
// order saved late is not missed), in the shop's eligible statuses, and queue each one once.
import type { Schedule } from '../../app/flow-set.ts';
import { type FlowContext, type ShopRuntime, trace } from '../context.ts';
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

export async function detectOrders(context: FlowContext, shop: ShopRuntime): Promise<number> {
  const connectionId = context.connection.id;
  const options = context.connection.streams.orders;
  const start = options.since ? toMagentoTime(options.since) : EPOCH;
  const cursor = (await context.cursors.get(connectionId, shop.config.id, 'orders')) ?? start;
  let newest = cursor;
  let queued = 0;
  for await (const header of shop.magento.searchOrders(
    shiftMagentoTime(cursor, options.overlapSeconds),
    shop.config.eligibleStatuses,
  )) {
    if (header.updatedAt > newest) newest = header.updatedAt;
    if (header.updatedAt < start) continue;
    const bound = await context.bindings.byMagentoKey(
      connectionId,
      'order',
      shop.config.id,
      header.incrementId,
    );
    if (bound) continue;
    // A dead-lettered order waits for a person (replay); re-detecting it would only pile up letters.
    const waiting = await context.db
      .selectFrom('dead_letters')
      .select('id')
      .where('connection_id', '=', connectionId)
      .where('shop_id', '=', shop.config.id)
      .where('stream', '=', 'orders')
      .where('entity_key', '=', header.incrementId)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    if (waiting) continue;
    // A push of this order is running now: it binds the order or dead-letters it. A second job
    // queued behind it would only repeat the same failure as a second letter.
    const dedupeKey = orderDedupeKey(connectionId, shop.config.id, header.incrementId);
    const running = await context.db
      .selectFrom('jobs')
      .select('id')
      .where('dedupe_key', '=', dedupeKey)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (running) continue;
    const result = await context.queue.enqueue({
      connectionId,
      shopId: shop.config.id,
      stream: 'orders',
      kind: 'order.push',
      entityKey: header.incrementId,
      dedupeKey,
      payload: header,
      priority: 10,
    });
    await recordOpenLines(context.db, connectionId, shop.config.id, header.incrementId, header.lines);
    if (!result.coalesced) {
      queued++;
      await trace(context, {
        shopId: shop.config.id,
        entityType: 'order',
        entityKey: header.incrementId,
        jobId: result.id,
        kind: 'detected',
        message: `Order ${header.incrementId} (${header.status}) detected in Magento`,
      });
    }
  }
  await context.cursors.set(connectionId, shop.config.id, 'orders', newest);
  if (queued > 0) context.poke();
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
