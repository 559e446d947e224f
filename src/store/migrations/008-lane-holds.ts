// Lanes of a connection held outside the job queue (an initial sync): claims count them with the
// running jobs, so the connection's limit holds for everything Koppla sends, fleet-wide. A hold
// has a lease like a running job; one whose process died stops counting when the lease runs out.
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lane_holds').ifExists().execute();
}
