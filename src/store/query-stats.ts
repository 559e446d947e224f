// Query statistics for profiling: with KOPPLA_QUERY_STATS=<file>, every statement's count and total
// time are summed by SQL text and written to that file as JSON when the store closes. Off by
// default; it exists so a benchmark run can show which statements a workload spends its time on.
import { writeFileSync } from 'node:fs';
import type { LogEvent } from 'kysely';

interface Totals {
  count: number;
  ms: number;
}

export interface QueryStats {
  log(event: LogEvent): void;
  write(): void;
}

export function queryStatsFromEnv(name = process.env.KOPPLA_QUERY_STATS): QueryStats | undefined {
  if (!name) return undefined;
  // One file per process when the name asks for it (benchmarks run several processes).
  const file = name.replace('{pid}', String(process.pid));
  const totals = new Map<string, Totals>();
  return {
    log(event) {
      const sql = event.query.sql;
      const entry = totals.get(sql) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += event.queryDurationMillis;
      totals.set(sql, entry);
    },
    write() {
      const rows = [...totals]
        .map(([sql, t]) => ({
          ms: Math.round(t.ms),
          count: t.count,
          avgMs: Number((t.ms / t.count).toFixed(3)),
          sql,
        }))
        .sort((a, b) => b.ms - a.ms);
      writeFileSync(file, JSON.stringify(rows, null, 1));
    },
  };
}
