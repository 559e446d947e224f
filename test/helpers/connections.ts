// Minimal connection rows for engine tests that do not need a full connection config.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.ts';

export async function insertConnection(
  db: Kysely<Database>,
  id: string,
  maxConcurrency = 100,
): Promise<void> {
  await db
    .insertInto('connections')
    .values({
      id,
      name: id,
      flow_mode: 'erp-master',
      config: JSON.stringify({}),
      max_concurrency: maxConcurrency,
    })
    .execute();
}
