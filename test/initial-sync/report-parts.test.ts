import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emptyReport,
  formatReport,
  REPORT_EXAMPLES,
  ReportRecorder,
} from '../../src/flows/initial-sync/report.ts';
import { loadReportBody, loadReportEntries } from '../../src/store/reports.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe.each(backends)('initial-sync report stored in parts (%s)', (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(() => store.dispose());

  it('stores every entry in parts while the run goes, keeps only examples in memory', async () => {
    const recorder = await ReportRecorder.open(store.db, 'c1', emptyReport('specter', true, ['se']), 100);
    const head = await store.db
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', recorder.reportId)
      .executeTakeFirstOrThrow();
    // The row exists from the start, marked incomplete: a run cut off leaves what it did.
    expect(head.summary).toMatchObject({ complete: false, create: 0 });

    const created = REPORT_EXAMPLES + 1_500;
    for (let i = 0; i < created; i++) recorder.created({ sku: `A-${i}`, kind: 'simple', shop: 'se' });
    recorder.matched({ sku: 'M-1', kind: 'simple', shop: 'se' });
    recorder.conflict({ sku: 'C-1', kind: 'variant', shop: 'se', reason: 'C-1 is a simple product' });
    recorder.failure({ sku: 'F-1', shop: 'se', message: 'refused' });
    const report = recorder.report;
    expect(report.created).toHaveLength(REPORT_EXAMPLES);
    expect(report.summary).toMatchObject({ create: created, match: 1, conflict: 1, failed: 1 });

    const id = await recorder.finish();
    expect(id).toBe(recorder.reportId);
    const row = await store.db
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.summary).toMatchObject({ complete: true, create: created });
    const parts = await store.db
      .selectFrom('report_parts')
      .select('part')
      .where('report_id', '=', id)
      .execute();
    expect(parts).toHaveLength(Math.ceil((created + 3) / 100));

    const entries = await loadReportEntries(store.db, id);
    expect(entries.created).toHaveLength(created);
    expect((entries.created as { sku: string }[]).map((e) => e.sku).slice(-2)).toEqual([
      `A-${created - 2}`,
      `A-${created - 1}`,
    ]);
    expect(entries.conflicts).toEqual([
      { sku: 'C-1', kind: 'variant', shop: 'se', reason: 'C-1 is a simple product' },
    ]);
    expect(entries.failures).toEqual([{ sku: 'F-1', shop: 'se', message: 'refused' }]);
    expect(await loadReportBody(store.db, id, row.body)).toEqual(entries);
    // The printed report counts what it does not list.
    expect(formatReport(report)).toContain(`... (+${created - 10})`);
  });

  it('serves a body stored whole (before parts existed) as it is', async () => {
    const body = { created: [{ sku: 'OLD' }], matched: [], conflicts: [], failures: [] };
    expect(await loadReportBody(store.db, '12345', body)).toBe(body);
  });

  it('a part that cannot be written fails the finish, not the run while it adds', async () => {
    const recorder = await ReportRecorder.open(store.db, 'c1', emptyReport('magento', false, ['se']), 1);
    await store.db.deleteFrom('reports').where('id', '=', recorder.reportId).execute();
    recorder.created({ sku: 'LOST', kind: 'simple', shop: 'se' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(recorder.finish()).rejects.toThrow();
  });
});
