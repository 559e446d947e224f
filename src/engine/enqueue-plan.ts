// Turns jobs to enqueue into rows for one INSERT. Jobs sharing a dedupe key are folded into one row
// first (one statement cannot insert and update the same key twice), with the outcome the same jobs
// enqueued one by one would have had: the row is the first job's (its kind, priority, run_at ...),
// carrying the payload, seq and entity key of the last job with the highest seq, since an equal seq
// replaces and an older one never does.
import type { Insertable } from 'kysely';
import type { JobsTable } from '../store/schema.ts';
import type { EnqueueInput } from './job-types.ts';

export interface EnqueuePlan {
  rows: Insertable<JobsTable>[];
  /** Per input, in input order: the row that carries it, and whether it is that row's first input. */
  carriers: { row: number; first: boolean }[];
}

export function toJobRow(input: EnqueueInput, now: Date, defaultMaxAttempts: number): Insertable<JobsTable> {
  return {
    connection_id: input.connectionId,
    shop_id: input.shopId ?? '',
    stream: input.stream,
    kind: input.kind,
    entity_key: input.entityKey,
    dedupe_key: input.dedupeKey ?? null,
    serial_key: input.serialKey ?? null,
    seq: input.seq ?? 0,
    payload: JSON.stringify(input.payload ?? null),
    status: 'queued',
    priority: input.priority ?? 0,
    attempts: 0,
    max_attempts: input.maxAttempts ?? defaultMaxAttempts,
    run_at: input.runAt ?? now,
    created_at: now,
    updated_at: now,
  };
}

export function planEnqueue(inputs: EnqueueInput[], now: Date, defaultMaxAttempts: number): EnqueuePlan {
  const rows: Insertable<JobsTable>[] = [];
  const carriers: EnqueuePlan['carriers'] = [];
  const rowOfKey = new Map<string, number>();
  for (const input of inputs) {
    const key = input.dedupeKey;
    const existing = key ? rowOfKey.get(key) : undefined;
    if (existing === undefined) {
      if (key) rowOfKey.set(key, rows.length);
      carriers.push({ row: rows.length, first: true });
      rows.push(toJobRow(input, now, defaultMaxAttempts));
      continue;
    }
    carriers.push({ row: existing, first: false });
    const row = rows[existing]!;
    const seq = input.seq ?? 0;
    if (Number(row.seq) <= seq) {
      row.seq = seq;
      row.payload = JSON.stringify(input.payload ?? null);
      row.entity_key = input.entityKey;
    }
  }
  return { rows, carriers };
}
