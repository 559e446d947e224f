// The processes that run jobs, each with a heartbeat: an initial sync keeps a lane for its
// connection's ready jobs only while some process is alive to run them (src/engine/lane-holds.ts).
// A row whose heartbeat stopped belongs to a process that died; it stops counting, and the next
// process to start removes it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('worker_processes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('worker_processes').ifExists().execute();
}
