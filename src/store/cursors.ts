// Cursors: how far change detection of one stream of one shop has got. Readable and rewindable so
// an operator can say "detect everything again since Monday".
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface Cursor {
  connectionId: string;
  shopId: string;
  stream: string;
  value: string;
  updatedAt: Date;
}

export class CursorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(connectionId: string, shopId: string, stream: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('cursors')
      .select('value')
      .where('connection_id', '=', connectionId)
      .where('shop_id', '=', shopId)
      .where('stream', '=', stream)
      .executeTakeFirst();
    return row?.value;
  }

  async set(connectionId: string, shopId: string, stream: string, value: string): Promise<void> {
    const now = new Date();
    await this.db
      .insertInto('cursors')
      .values({ connection_id: connectionId, shop_id: shopId, stream, value, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['connection_id', 'shop_id', 'stream']).doUpdateSet({ value, updated_at: now }),
      )
      .execute();
  }

  async list(connectionId?: string): Promise<Cursor[]> {
    let query = this.db.selectFrom('cursors').selectAll();
    if (connectionId) query = query.where('connection_id', '=', connectionId);
    const rows = await query.orderBy(['connection_id', 'shop_id', 'stream']).execute();
    return rows.map((r) => ({
      connectionId: r.connection_id,
      shopId: r.shop_id,
      stream: r.stream,
      value: r.value,
      updatedAt: new Date(r.updated_at),
    }));
  }
}
