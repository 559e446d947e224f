// Tenant isolation: a dashboard user either sees every connection (provider staff) or only the
// connections granted to them (a merchant's own people). Existing users keep seeing everything.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('all_connections', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema
    .createTable('user_grants')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_grants_pk', ['user_id', 'connection_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_grants').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('all_connections').execute();
}
