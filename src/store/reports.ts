// Reading a stored report's entries back. A report whose body says `{ parts: N }` keeps its
// entries in `report_parts` (an initial sync writes them a part at a time while it runs); each part
// holds lists by name, and the whole is every part's lists joined in order.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Every entry of a report stored in parts, lists by name (e.g. created, matched, conflicts). */
export async function loadReportEntries(
  db: Kysely<Database>,
  reportId: string,
): Promise<Record<string, unknown[]>> {
  const whole: Record<string, unknown[]> = {};
  const rows = await db
    .selectFrom('report_parts')
    .select('body')
    .where('report_id', '=', reportId)
    .orderBy('part')
    .execute();
  for (const row of rows) {
    for (const [list, entries] of Object.entries(row.body as Record<string, unknown>)) {
      if (!Array.isArray(entries)) continue;
      const into = whole[list] ?? [];
      for (const entry of entries) into.push(entry);
      whole[list] = into;
    }
  }
  return whole;
}

/** A report's body as stored, with its parts' entries in place of `{ parts: N }`. */
export async function loadReportBody(
  db: Kysely<Database>,
  reportId: string,
  body: unknown,
): Promise<unknown> {
  const parts = (body as { parts?: unknown } | null)?.parts;
  return typeof parts === 'number' ? loadReportEntries(db, reportId) : body;
}
