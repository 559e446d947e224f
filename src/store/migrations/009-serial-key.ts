// Jobs that write the same remote object run one at a time even when they are different records of
// Koppla's: two shops of one Magento installation import the same SKU as two jobs (each shop has
// its own binding and timeline), but both write the one product, and a product's website list is
// read, extended and written back. `serial_key` names that object; the claim takes no job whose
// serial key is held by a running one (as it already does for the dedupe key).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('serial_key', 'text').execute();
  await db.schema
    .createIndex('jobs_serial_key_running')
    .on('jobs')
    .column('serial_key')
    .where(sql.ref('status'), '=', 'running')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_serial_key_running').ifExists().execute();
  await db.schema.alterTable('jobs').dropColumn('serial_key').execute();
}
