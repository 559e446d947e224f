// The initial sync's report: counts for the summary, SKU lists for the body. Stored in `reports`
// (kind initial-sync-dry-run or initial-sync) and printed by the CLI.
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
}

export interface InitialSyncReport {
  summary: InitialSyncSummary;
  created: ReportEntry[];
  matched: ReportEntry[];
  conflicts: ConflictEntry[];
  failures: FailureEntry[];
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
    },
    created: [],
    matched: [],
    conflicts: [],
    failures: [],
  };
}

export function reportKind(dryRun: boolean): string {
  return dryRun ? 'initial-sync-dry-run' : 'initial-sync';
}

/** Stores the report; answers its id. */
export async function storeReport(
  db: Kysely<Database>,
  connectionId: string,
  report: InitialSyncReport,
): Promise<string> {
  const row = await db
    .insertInto('reports')
    .values({
      connection_id: connectionId,
      kind: reportKind(report.summary.dryRun),
      summary: JSON.stringify(report.summary),
      body: JSON.stringify({
        created: report.created,
        matched: report.matched,
        conflicts: report.conflicts,
        failures: report.failures,
      }),
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
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
  }
  if (report.failures.length) {
    lines.push('Failed:');
    for (const f of report.failures) lines.push(`  [${f.shop}] ${f.sku}: ${f.message}`);
  }
  const sample = (title: string, list: ReportEntry[]) => {
    if (!list.length) return;
    const shown = list.slice(0, examples).map((e) => e.sku);
    lines.push(
      `${title}: ${shown.join(', ')}${list.length > examples ? ` ... (+${list.length - examples})` : ''}`,
    );
  };
  sample(s.dryRun ? 'Would create' : 'Created', report.created);
  sample('Matched', report.matched);
  return lines.join('\n');
}
