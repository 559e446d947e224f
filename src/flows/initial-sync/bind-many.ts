// Stores many article bindings in a few statements. A pair that is already bound stays as it is
// (its state too); a key already bound to another partner is kept and reported back, never
// overwritten (the same rule as BindingRepository.bind).
import { type Kysely, sql } from 'kysely';
import { errorCode } from '../../domain/errors.ts';
import type { Database } from '../../store/schema.ts';

export interface ArticleBinding {
  sku: string;
  state: unknown;
}

const CHUNK = 2_000;

/** PostgreSQL's unique_violation: PGlite and node-postgres both carry it as `code`. */
function isUniqueViolation(error: unknown): boolean {
  return errorCode(error) === '23505';
}

/**
 * One chunk's bindings as one statement (Magento SKU = article number). Two arrays as parameters
 * instead of seven parameters a row: statements with thousands of parameters are slow to prepare,
 * above all on the embedded PGlite.
 */
function insertBindings(connectionId: string, shopId: string, skus: string[], states: string[], now: Date) {
  return sql`
    insert into bindings (connection_id, entity_type, shop_id, magento_key, specter_key, state, updated_at)
    select ${connectionId}, 'article', ${shopId}, b.sku, b.sku, b.state::jsonb, ${now}
    from unnest(${skus}::text[], ${states}::text[]) as b(sku, state)`;
}

/**
 * Binds one chunk of SKUs of which none is expected to be bound yet: a plain insert. `ON CONFLICT`
 * makes every row a speculative insertion, which on the embedded PGlite costs nearly twice as much
 * (60,000 bindings: 1.5 s against 0.9 s). Answers false, having stored nothing, when any SKU was
 * bound before (or twice in the chunk), so the caller takes the careful path.
 */
async function insertUnbound(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  skus: string[],
  states: string[],
  now: Date,
): Promise<boolean> {
  try {
    await insertBindings(connectionId, shopId, skus, states, now).execute(db);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export interface BindOptions {
  /**
   * Try a plain insert first (a first sync, where nothing is bound yet). Set to false after a chunk
   * met existing bindings, so a re-sync does not pay for a failed insert on every chunk.
   */
  expectUnbound?: boolean;
}

/**
 * Answers the SKUs that were already bound to a different Specter article number. `options` is
 * updated: `expectUnbound` turns false once a chunk met an existing binding.
 */
export async function bindArticles(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  bindings: ArticleBinding[],
  options: BindOptions = {},
): Promise<string[]> {
  const refused: string[] = [];
  const now = new Date();
  for (let i = 0; i < bindings.length; i += CHUNK) {
    const chunk = bindings.slice(i, i + CHUNK);
    const skus = chunk.map((b) => b.sku);
    const states = chunk.map((b) => JSON.stringify(b.state ?? null));
    if (options.expectUnbound) {
      if (await insertUnbound(db, connectionId, shopId, skus, states, now)) continue;
      options.expectUnbound = false;
    }
    const inserted = await sql<{ magento_key: string }>`
      ${insertBindings(connectionId, shopId, skus, states, now)}
      on conflict do nothing
      returning magento_key`.execute(db);
    if (inserted.rows.length === chunk.length) continue;
    // Some were bound before: only those are looked up (none in a first sync).
    const fresh = new Set(inserted.rows.map((row) => row.magento_key));
    const existing = skus.filter((sku) => !fresh.has(sku));
    const stored = await sql<{ magento_key: string; specter_key: string }>`
      select magento_key, specter_key from bindings
      where connection_id = ${connectionId} and entity_type = 'article' and shop_id = ${shopId}
        and magento_key = any(${existing}::text[])`.execute(db);
    for (const row of stored.rows) if (row.specter_key !== row.magento_key) refused.push(row.magento_key);
  }
  return refused;
}

/**
 * Stores bindings while a sync is still running: full chunks are written in the background, one
 * after the other, so the database work overlaps the requests and no list of every SKU is kept to
 * the end. A binding added for a product that then fails is taken back with `unbind`.
 */
export class BindingWriter {
  private pending: ArticleBinding[] = [];
  private writing: Promise<void> = Promise.resolve();
  private error: unknown;
  private readonly refused: string[] = [];
  private bound = 0;
  /** Plain inserts until a chunk meets an existing binding (see `bindArticles`). */
  private readonly options: BindOptions = { expectUnbound: true };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly connectionId: string,
    private readonly shopId: string,
    private readonly chunk = CHUNK,
  ) {}

  add(binding: ArticleBinding): void {
    this.pending.push(binding);
    if (this.pending.length >= this.chunk) this.flush();
  }

  /** Removes the bindings these SKUs got in this run (their products were not created after all). */
  async unbind(skus: string[]): Promise<void> {
    if (skus.length === 0) return;
    this.flush();
    await this.settled();
    const removed = await sql`
      delete from bindings
      where connection_id = ${this.connectionId} and entity_type = 'article' and shop_id = ${this.shopId}
        and magento_key = any(${skus}::text[]) and specter_key = magento_key`.execute(this.db);
    this.bound -= Number(removed.numAffectedRows ?? 0);
  }

  /** Writes what is left; answers how many were bound and which SKUs were bound elsewhere. */
  async finish(): Promise<{ bound: number; refused: string[] }> {
    this.flush();
    await this.settled();
    return { bound: this.bound, refused: this.refused };
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = this.pending;
    this.pending = [];
    this.writing = this.writing
      .then(async () => {
        if (this.error) return;
        const refused = await bindArticles(this.db, this.connectionId, this.shopId, chunk, this.options);
        this.refused.push(...refused);
        this.bound += chunk.length - refused.length;
      })
      // Kept until finish/unbind rethrows it: a rejected chain nobody awaits yet would crash the process.
      .catch((error) => {
        this.error ??= error;
      });
  }

  private async settled(): Promise<void> {
    await this.writing;
    if (this.error) throw this.error;
  }
}
