// A batch write (stock, prices) can fail for single SKUs (unknown in Magento, a refused value). The
// rest of the batch is written; each failed SKU becomes a dead letter of its own, so it waits
// visibly with its message, and replaying it makes its value due again.
import { PermanentError } from '../../domain/errors.ts';
import type { JobContext } from '../../engine/worker.ts';
import type { FlowContext } from '../context.ts';
import { makeDue } from './pending-writes.ts';

export interface ItemFailure {
  /** pending_writes kind: stock, price, tier. */
  kind: string;
  sku: string;
  message: string;
  /** The job kind that writes this kind (queued again on replay). */
  flushKind: string;
  stream: string;
}

export async function reportItemFailure(
  context: FlowContext,
  shopId: string,
  failure: ItemFailure,
): Promise<void> {
  await context.queue.enqueue({
    connectionId: context.connection.id,
    shopId,
    stream: failure.stream,
    kind: 'item.failed',
    entityKey: failure.sku,
    dedupeKey: `${context.connection.id}:${shopId}:failed:${failure.kind}:${failure.sku}`,
    payload: failure,
    maxAttempts: 1,
  });
}

export async function handleItemFailure(context: FlowContext, { job }: JobContext): Promise<void> {
  const failure = job.payload as ItemFailure;
  const replayed = await context.db
    .selectFrom('dead_letters')
    .select('id')
    .where('job_id', '=', job.id)
    .where('resolution', '=', 'replayed')
    .executeTakeFirst();
  if (!replayed) {
    throw new PermanentError(failure.message, {
      code:
        failure.message.includes('does not exist') || failure.message.includes("doesn't exist")
          ? 'unknown-sku'
          : `${failure.kind}-refused`,
    });
  }
  // A person replayed it after fixing the cause: write the value again.
  await makeDue(context.db, context.connection.id, job.shopId, failure.kind, [failure.sku]);
  await context.queue.enqueue({
    connectionId: context.connection.id,
    shopId: job.shopId,
    stream: failure.stream,
    kind: failure.flushKind,
    entityKey: failure.stream,
    dedupeKey: `${context.connection.id}:${job.shopId}:${failure.stream === 'stock' ? 'stock' : 'price'}-flush`,
    payload: {},
  });
}
