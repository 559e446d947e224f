// The initial sync's report: counts for the summary, SKU lists for the body. Stored in `reports`
// (kind initial-sync-dry-run or initial-sync) with its entries in `report_parts`, and printed by
// the CLI.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { ShapeKind } from './shape.ts';

export type SyncSource = 'magento' | 'specter';

export interface ReportEntry {
  sku: string;
  kind: ShapeKind;
  parentSku?: string;
  /** Which shop's Magento (from specter: the target shop; from magento: the source shop). */
  shop: string;
}

export interface ConflictEntry extends ReportEntry {
  reason: string;
}

export interface FailureEntry {
  sku: string;
  shop: string;
  message: string;
}

export interface InitialSyncSummary {
  from: SyncSource;
  dryRun: boolean;
  shops: string[];
  /** Entries read from the source (per shop for from=specter, so the same article counts per shop). */
  read: number;
  create: number;
  match: number;
  conflict: number;
  /** Real run only: writes the target refused. */
  failed: number;
  /** Real run only: bindings stored (created and matched). */
  bound: number;
  seconds: number;
  /** False while the run goes on, and for good in the report of a run that was cut off. */
  complete: boolean;
}

/** A report's entries: all of them when loaded from the store, the first few in a running sync. */
export interface ReportBody {
  created: ReportEntry[];
  matched: ReportEntry[];
  conflicts: ConflictEntry[];
  failures: FailureEntry[];
}

/**
 * The counts, and the first `REPORT_EXAMPLES` entries of each list: every entry is stored with the
 * report in parts as the run goes (`loadReportBody` reads them all back).
 */
export interface InitialSyncReport extends ReportBody {
  summary: InitialSyncSummary;
}

/** Entries of each list a running sync keeps in memory (to print); the rest are only stored. */
export const REPORT_EXAMPLES = 1_000;
/** Entries per stored part: big enough for few statements, small enough to stay out of memory. */
const PART_ENTRIES = 5_000;

function emptyBody(): ReportBody {
  return { created: [], matched: [], conflicts: [], failures: [] };
}

export function emptyReport(from: SyncSource, dryRun: boolean, shops: string[]): InitialSyncReport {
  return {
    summary: {
      from,
      dryRun,
      shops,
      read: 0,
      create: 0,
      match: 0,
      conflict: 0,
      failed: 0,
      bound: 0,
      seconds: 0,
      complete: false,
    },
    ...emptyBody(),
  };
}

export function reportKind(dryRun: boolean): string {
  return dryRun ? 'initial-sync-dry-run' : 'initial-sync';
}

/**
 * Records a sync's outcome per entry: counts it, keeps it as an example while there is room, and
 * stores it with the report, a part at a time in the background (the report row is made when the
 * run starts, so a run that is cut off leaves what it did, marked incomplete).
 */
export class ReportRecorder {
  private part: ReportBody = emptyBody();
  private partSize = 0;
  private parts = 0;
  private writing: Promise<void> = Promise.resolve();
  private error: unknown;

  private constructor(
    private readonly db: Kysely<Database>,
    readonly reportId: string,
    readonly report: InitialSyncReport,
    private readonly partEntries: number,
  ) {}

  static async open(
    db: Kysely<Database>,
    connectionId: string,
    report: InitialSyncReport,
    partEntries = PART_ENTRIES,
  ): Promise<ReportRecorder> {
    const row = await db
      .insertInto('reports')
      .values({
        connection_id: connectionId,
        kind: reportKind(report.summary.dryRun),
        summary: JSON.stringify(report.summary),
        body: JSON.stringify({ parts: 0 }),
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return new ReportRecorder(db, String(row.id), report, partEntries);
  }

  created(entry: ReportEntry): void {
    this.report.summary.create++;
    this.add('created', entry);
  }

  matched(entry: ReportEntry): void {
    this.report.summary.match++;
    this.add('matched', entry);
  }

  conflict(entry: ConflictEntry): void {
    this.report.summary.conflict++;
    this.add('conflicts', entry);
  }

  failure(entry: FailureEntry): void {
    this.report.summary.failed++;
    this.add('failures', entry);
  }

  /** Stores what is left and the final summary; answers the report id. */
  async finish(): Promise<string> {
    this.flush();
    await this.writing;
    if (this.error) throw this.error;
    this.report.summary.complete = true;
    await this.db
      .updateTable('reports')
      .set({
        summary: JSON.stringify(this.report.summary),
        body: JSON.stringify({ parts: this.parts }),
      })
      .where('id', '=', this.reportId)
      .execute();
    return this.reportId;
  }

  private add<K extends keyof ReportBody>(list: K, entry: ReportBody[K][number]): void {
    const examples = this.report[list] as ReportBody[K][number][];
    if (examples.length < REPORT_EXAMPLES) examples.push(entry);
    (this.part[list] as ReportBody[K][number][]).push(entry);
    if (++this.partSize >= this.partEntries) this.flush();
  }

  private flush(): void {
    if (this.partSize === 0) return;
    const body = this.part;
    const part = this.parts++;
    this.part = emptyBody();
    this.partSize = 0;
    this.writing = this.writing
      .then(async () => {
        if (this.error) return;
        await this.db
          .insertInto('report_parts')
          .values({ report_id: this.reportId, part, body: JSON.stringify(body) })
          .execute();
      })
      // Kept until finish rethrows it: a rejected chain nobody awaits yet would crash the process.
      .catch((error) => {
        this.error ??= error;
      });
  }
}

/** A person-readable rendering: counts, then every conflict and failure, then a few examples. */
export function formatReport(report: InitialSyncReport, examples = 10): string {
  const s = report.summary;
  const verb = s.dryRun ? 'would create' : 'created';
  const lines = [
    `Initial sync from ${s.from}${s.dryRun ? ' (dry run: nothing written)' : ''}, shops ${s.shops.join(', ')}`,
    `  read ${s.read}, ${verb} ${s.create}, matched ${s.match}, conflicts ${s.conflict}` +
      (s.dryRun ? '' : `, failed ${s.failed}, bound ${s.bound}`) +
      ` (${s.seconds} s)`,
  ];
  if (report.conflicts.length) {
    lines.push('Conflicts (same SKU, different structure; not written):');
    for (const c of report.conflicts) lines.push(`  [${c.shop}] ${c.sku} ${c.reason}`);
    if (s.conflict > report.conflicts.length)
      lines.push(`  ... (+${s.conflict - report.conflicts.length}, all in the stored report)`);
  }
  if (report.failures.length) {
    lines.push('Failed:');
    for (const f of report.failures) lines.push(`  [${f.shop}] ${f.sku}: ${f.message}`);
    if (s.failed > report.failures.length)
      lines.push(`  ... (+${s.failed - report.failures.length}, all in the stored report)`);
  }
  const sample = (title: string, list: ReportEntry[], count: number) => {
    if (!list.length) return;
    const shown = list.slice(0, examples).map((e) => e.sku);
    lines.push(`${title}: ${shown.join(', ')}${count > examples ? ` ... (+${count - examples})` : ''}`);
  };
  sample(s.dryRun ? 'Would create' : 'Created', report.created, s.create);
  sample('Matched', report.matched, s.match);
  return lines.join('\n');
}
