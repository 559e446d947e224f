// Writes the connections and shops of the config file into the store, so workers on other machines
// (which may run with the same file) and the dashboard see the same set.
import type { Kysely } from 'kysely';
import type { ConnectionConfig } from '../config/schema.ts';
import { connectionWithoutSecrets, shopWithoutSecrets } from '../config/strip-secrets.ts';
import type { Database } from '../store/schema.ts';

/**
 * The config as stored: secrets stay references; an inline secret (fine for a demo, not for
 * production) is replaced by a marker so it never reaches the database.
 */
export async function syncConnections(db: Kysely<Database>, connections: ConnectionConfig[]): Promise<void> {
  for (const connection of connections) {
    const now = new Date();
    const row = {
      id: connection.id,
      name: connection.name ?? connection.id,
      flow_mode: connection.flowMode,
      config: JSON.stringify(connectionWithoutSecrets(connection)),
      max_concurrency: connection.limits.concurrency,
      updated_at: now,
    };
    await db
      .insertInto('connections')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          name: row.name,
          flow_mode: row.flow_mode,
          config: row.config,
          max_concurrency: row.max_concurrency,
          updated_at: now,
        }),
      )
      .execute();
    for (const shop of connection.shops.map(shopWithoutSecrets)) {
      await db
        .insertInto('shops')
        .values({ connection_id: connection.id, id: shop.id, config: JSON.stringify(shop) })
        .onConflict((oc) => oc.columns(['connection_id', 'id']).doUpdateSet({ config: JSON.stringify(shop) }))
        .execute();
    }
  }
}
