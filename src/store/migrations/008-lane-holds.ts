// A connection's lanes outside the job queue, so its limit holds for everything Koppla sends,
// fleet-wide. Lanes held by an initial sync (lane_holds): claims count them with the running jobs.
// A hold has a lease like a running job; one whose process died stops counting when the lease runs
// out. Schedule runs (polls, feed reads) take a lane too: `leased_at` orders the runs waiting for
// one, `has_lane` marks those that got it (src/engine/schedule-lanes.ts).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lane_holds')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('connections.id').onDelete('cascade'))
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('lanes', 'integer', (c) => c.notNull().check(sql`lanes > 0`))
    .addColumn('lease_until', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('lane_holds_connection').on('lane_holds').column('connection_id').execute();
  await db.schema.alterTable('schedules').addColumn('leased_at', 'timestamptz').execute();
  await db.schema
    .alterTable('schedules')
    .addColumn('has_lane', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('schedules').dropColumn('has_lane').execute();
  await db.schema.alterTable('schedules').dropColumn('leased_at').execute();
  await db.schema.dropTable('lane_holds').ifExists().execute();
}
