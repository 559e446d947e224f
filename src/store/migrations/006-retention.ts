// Indexes for housekeeping (src/engine/retention.ts): finding the rows past their retention by
// time, without scanning the tables that grow fastest.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('events_at').on('events').column('at').execute();
  await db.schema
    .createIndex('jobs_done_finished')
    .on('jobs')
    .column('finished_at')
    .where(sql.ref('status'), '=', 'done')
    .execute();
  await db.schema
    .createIndex('dead_letters_resolved')
    .on('dead_letters')
    .column('resolved_at')
    .where(sql.ref('resolved_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('dead_letters_resolved').ifExists().execute();
  await db.schema.dropIndex('jobs_done_finished').ifExists().execute();
  await db.schema.dropIndex('events_at').ifExists().execute();
}
