// The embedded PostgreSQL (PGlite) runs without autovacuum: nothing refreshes the planner's
// statistics or clears dead rows unless asked. Without statistics the planner cannot tell a
// four-column unique index from a three-column one, and a binding looked up by SKU scanned every
// binding of the shop (13 ms at 50,000 bindings, 0.04 ms once analyzed). This applies
// autovacuum's own thresholds every few seconds: ANALYZE a table once more than 50 rows + 10 %
// changed since its last analysis, VACUUM it once more than 50 + 20 % of its rows are dead.
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

export interface MaintenanceRun {
  analyzed: string[];
  vacuumed: string[];
}

interface TableActivity {
  relname: string;
  n_live_tup: string;
  n_dead_tup: string;
  n_mod_since_analyze: string;
}

/** Analyzes and vacuums the tables that crossed autovacuum's thresholds; answers which. */
export async function maintainTables(db: Kysely<Database>): Promise<MaintenanceRun> {
  // The counters reach the statistics views at most once a second unless a flush is asked for.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const tables = await sql<TableActivity>`
    select relname, n_live_tup, n_dead_tup, n_mod_since_analyze
    from pg_stat_user_tables where schemaname = 'public'`.execute(db);
  const run: MaintenanceRun = { analyzed: [], vacuumed: [] };
  for (const table of tables.rows) {
    const live = Math.max(0, Number(table.n_live_tup));
    if (Number(table.n_dead_tup) > 50 + 0.2 * live) {
      await sql`vacuum (analyze) ${sql.table(table.relname)}`.execute(db);
      run.vacuumed.push(table.relname);
      run.analyzed.push(table.relname);
    } else if (Number(table.n_mod_since_analyze) > 50 + 0.1 * live) {
      await sql`analyze ${sql.table(table.relname)}`.execute(db);
      run.analyzed.push(table.relname);
    }
  }
  return run;
}

/** Runs `maintainTables` every `intervalMs` until stopped; a failed run is retried next time. */
export class EmbeddedMaintenance {
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly intervalMs = 10_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() => maintainTables(this.db)).catch(() => {});
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress (before the database closes under it). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
