// The per-record timeline: detected, fetched, mapped, written, bound, failed... one row per step,
// keyed by the record (order number, SKU), so a person can follow one record's journey.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

export interface TimelineEvent {
  connectionId: string;
  shopId?: string;
  entityType: string;
  entityKey: string;
  jobId?: string;
  kind: string;
  message: string;
  data?: unknown;
}

export async function recordEvent(
  db: Kysely<Database> | Transaction<Database>,
  event: TimelineEvent,
  at = new Date(),
): Promise<void> {
  await db
    .insertInto('events')
    .values({
      connection_id: event.connectionId,
      shop_id: event.shopId ?? '',
      entity_type: event.entityType,
      entity_key: event.entityKey,
      job_id: event.jobId === undefined ? null : Number(event.jobId),
      kind: event.kind,
      message: event.message,
      data: event.data === undefined ? null : JSON.stringify(event.data),
      at,
    })
    .execute();
}

export async function timelineOf(
  db: Kysely<Database>,
  connectionId: string,
  entityType: string,
  entityKey: string,
) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('entity_type', '=', entityType)
    .where('entity_key', '=', entityKey)
    .orderBy('id')
    .execute();
}
