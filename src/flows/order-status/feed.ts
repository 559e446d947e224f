// Reads Specter's order feed for one web shop and queues each event against the Magento order it
// belongs to. The batch is acknowledged only after its events are durably queued.
import type { Schedule } from '../../app/flow-set.ts';
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
        // Orders entered in Specter by hand, or from another channel: not ours to act on.
        continue;
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

export function orderFeedSchedule(context: FlowContext, group: WebshopGroup, intervalMs: number): Schedule {
  return {
    name: `order-feed:${group.key}`,
    intervalMs,
    run: async () => {
      await readOrderEvents(context, group);
    },
  };
}
