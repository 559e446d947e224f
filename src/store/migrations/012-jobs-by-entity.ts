// A record's jobs are looked up by their key: the order-status feed asks whether an order it
// reads from Specter has a push job (to tell Koppla's orders from others), and the record page
// lists a record's jobs. Neither says a status, so only the connection prefix of `jobs_ready`
// served them, and each look-up read the connection's whole history of jobs (100,000s of rows
// when a provider keeps weeks of finished jobs). This index finds a key's few jobs directly.
//
// Only the streams the record page lists by key (orders, order status, articles) are indexed:
// stock and price jobs, the most numerous where Specter leads, are never looked up by key and
// do not pay for an index entry on every write. The list is written out here, as a migration is
// a fixed step; `test/store/entity-lookup-plans.test.ts` checks the look-ups still use the index.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index jobs_entity on jobs (connection_id, entity_key)
    where stream in ('orders', 'orderStatus', 'articles')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_entity').ifExists().execute();
}
