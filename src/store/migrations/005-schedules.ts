// Schedules (polls, feed reads) get a table of their own: when each is next due, and who is
// running it until when. The lease keeps a run from overlapping another on a second worker, even
// a run that outlasts its interval or one a callback forces. They used to be rows of `cursors`
// holding only the next due time.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('schedules')
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('next_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('run_again', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('schedules_pk', ['connection_id', 'name'])
    .execute();
  await sql`delete from cursors where shop_id = '*schedule*'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('schedules').ifExists().execute();
}
