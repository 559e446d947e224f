// Reads Specter's order feed for one web shop and queues each event against the Magento order it
// belongs to. The batch is acknowledged only after its events are durably queued.
import type { Kysely } from 'kysely';
import type { Schedule } from '../../app/flow-set.ts';
import type { Database } from '../../store/schema.ts';
import type { FlowContext, WebshopGroup } from '../context.ts';

const MAX_BATCHES_PER_RUN = 20;

export async function readOrderEvents(context: FlowContext, group: WebshopGroup): Promise<number> {
  const connectionId = context.connection.id;
  let queued = 0;
  for (let round = 0; round < MAX_BATCHES_PER_RUN; round++) {
    const batch = await group.specter.readOrderFeed();
    for (const event of batch.items) {
      let shopId: string | undefined;
      let incrementId: string | undefined;
      for (const shop of group.shops) {
        const binding = await context.bindings.bySpecterKey(
          connectionId,
          'order',
          shop.config.id,
          event.specterOrderNo,
        );
        if (binding) {
          shopId = shop.config.id;
          incrementId = binding.magentoKey;
          break;
        }
      }
      if (!shopId || !incrementId) {
        // Not bound (yet): an order of ours whose push has not stored its binding (it is running,
        // or its worker died right after the create) must not lose its event; it waits for the bind.
        const pending = await pendingPushOf(context, group, event.externalOrderNo);
        if (!pending) continue; // entered in Specter by hand, or from another channel: not ours
        ({ shopId, incrementId } = pending);
      }
      await context.queue.enqueue({
        connectionId,
        shopId,
        stream: 'orderStatus',
        kind: 'order.event',
        entityKey: incrementId,
        dedupeKey: `${connectionId}:event:${event.eventKey}`,
        payload: event,
        priority: 5,
      });
      queued++;
    }
    await group.specter.ackFeed('orders', batch.batchNo);
    if (!batch.more) break;
  }
  if (queued > 0) context.poke();
  return queued;
}

/** A push job of this order (any status): read through `jobs_entity`, not the connection's whole history. */
export function pushJobQuery(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  incrementId: string,
) {
  return (
    db
      .selectFrom('jobs')
      .select('id')
      .where('connection_id', '=', connectionId)
      .where('entity_key', '=', incrementId)
      .where('shop_id', '=', shopId)
      // The stream too, which the index's condition names (pushes are on the orders stream).
      .where('stream', '=', 'orders')
      .where('kind', '=', 'order.push')
      .limit(1)
  );
}

/** The shop and increment id of an order Koppla detected and has a push job for, by external number. */
async function pendingPushOf(
  context: FlowContext,
  group: WebshopGroup,
  externalOrderNo: string | undefined,
): Promise<{ shopId: string; incrementId: string } | undefined> {
  if (!externalOrderNo) return undefined;
  for (const shop of group.shops) {
    const prefix = shop.config.orderNumberPrefix;
    if (!externalOrderNo.startsWith(prefix)) continue;
    const incrementId = externalOrderNo.slice(prefix.length);
    const push = await pushJobQuery(
      context.db,
      context.connection.id,
      shop.config.id,
      incrementId,
    ).executeTakeFirst();
    if (push) return { shopId: shop.config.id, incrementId };
  }
  return undefined;
}

export function orderFeedSchedule(context: FlowContext, group: WebshopGroup, intervalMs: number): Schedule {
  return {
    name: `order-feed:${group.key}`,
    intervalMs,
    run: async () => {
      await readOrderEvents(context, group);
    },
  };
}
