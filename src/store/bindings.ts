// Bindings: the stored pair (Magento key, Specter key) that says two records are the same thing.
// Unique both ways per connection, entity type and shop, enforced by the database.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

export interface Binding {
  connectionId: string;
  entityType: string;
  shopId: string;
  magentoKey: string;
  specterKey: string;
  state: unknown;
}

type Db = Kysely<Database> | Transaction<Database>;

function toBinding(row: {
  connection_id: string;
  entity_type: string;
  shop_id: string;
  magento_key: string;
  specter_key: string;
  state: unknown;
}): Binding {
  return {
    connectionId: row.connection_id,
    entityType: row.entity_type,
    shopId: row.shop_id,
    magentoKey: row.magento_key,
    specterKey: row.specter_key,
    state: row.state,
  };
}

export class BindingRepository {
  constructor(private readonly db: Db) {}

  byMagentoKey(
    connectionId: string,
    entityType: string,
    shopId: string,
    magentoKey: string,
  ): Promise<Binding | undefined> {
    return this.findBy('magento_key', connectionId, entityType, shopId, magentoKey);
  }

  bySpecterKey(
    connectionId: string,
    entityType: string,
    shopId: string,
    specterKey: string,
  ): Promise<Binding | undefined> {
    return this.findBy('specter_key', connectionId, entityType, shopId, specterKey);
  }

  /** Which of these Magento keys are bound (one query for many; pollers check whole pages). */
  async boundMagentoKeys(
    connectionId: string,
    entityType: string,
    shopId: string,
    magentoKeys: string[],
  ): Promise<Set<string>> {
    if (magentoKeys.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('bindings')
      .select('magento_key')
      .where('connection_id', '=', connectionId)
      .where('entity_type', '=', entityType)
      .where('shop_id', '=', shopId)
      .where('magento_key', 'in', magentoKeys)
      .execute();
    return new Set(rows.map((row) => row.magento_key));
  }

  private async findBy(
    side: 'magento_key' | 'specter_key',
    connectionId: string,
    entityType: string,
    shopId: string,
    key: string,
  ): Promise<Binding | undefined> {
    const row = await this.db
      .selectFrom('bindings')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('entity_type', '=', entityType)
      .where('shop_id', '=', shopId)
      .where(side, '=', key)
      .executeTakeFirst();
    return row ? toBinding(row) : undefined;
  }

  async list(connectionId: string, entityType: string, shopId?: string): Promise<Binding[]> {
    let query = this.db
      .selectFrom('bindings')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('entity_type', '=', entityType);
    if (shopId !== undefined) query = query.where('shop_id', '=', shopId);
    return (await query.orderBy('id').execute()).map(toBinding);
  }

  /**
   * Stores the pair. Binding the same pair again only refreshes its state; binding a key to a
   * different partner is refused by the unique constraints (two records cannot both be "the same").
   */
  async bind(binding: Omit<Binding, 'state'> & { state?: unknown }): Promise<void> {
    const now = new Date();
    await this.db
      .insertInto('bindings')
      .values({
        connection_id: binding.connectionId,
        entity_type: binding.entityType,
        shop_id: binding.shopId,
        magento_key: binding.magentoKey,
        specter_key: binding.specterKey,
        state: binding.state === undefined ? null : JSON.stringify(binding.state),
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .constraint('bindings_magento_unique')
          .doUpdateSet({
            state: (eb) => eb.ref('excluded.state'),
            updated_at: now,
          })
          .where('bindings.specter_key', '=', binding.specterKey),
      )
      .execute();
    const stored = await this.byMagentoKey(
      binding.connectionId,
      binding.entityType,
      binding.shopId,
      binding.magentoKey,
    );
    if (stored?.specterKey !== binding.specterKey) {
      throw new Error(
        `${binding.entityType} ${binding.magentoKey} is already bound to Specter ${stored?.specterKey}, not ${binding.specterKey}`,
      );
    }
  }

  async setState(
    connectionId: string,
    entityType: string,
    shopId: string,
    magentoKey: string,
    state: unknown,
  ): Promise<void> {
    await this.db
      .updateTable('bindings')
      .set({ state: JSON.stringify(state), updated_at: new Date() })
      .where('connection_id', '=', connectionId)
      .where('entity_type', '=', entityType)
      .where('shop_id', '=', shopId)
      .where('magento_key', '=', magentoKey)
      .execute();
  }
}
