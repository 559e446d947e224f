// A record's jobs are looked up by their key: the order-status feed asks whether an order it
// reads from Specter has a push job (to tell Koppla's orders from others), and the record page
// lists a record's jobs. Neither says a status, so only the connection prefix of `jobs_ready`
// served them, and each look-up read the connection's whole history of jobs (100,000s of rows
// when a provider keeps weeks of finished jobs). This index finds a key's few jobs directly.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('jobs_entity').on('jobs').columns(['connection_id', 'entity_key']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_entity').ifExists().execute();
}
