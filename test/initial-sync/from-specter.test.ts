import { afterEach, describe, expect, it } from 'vitest';
import { MagentoClient } from '../../src/connectors/magento/index.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { runInitialSync } from '../../src/flows/initial-sync/run.ts';
import { loadReportBody } from '../../src/store/reports.ts';
import { catalogue, type SyncSetup, startSyncSetup } from './helpers.ts';

// The seeded catalogue plus Specter's shipping article FRAKT.
const total =
  catalogue.simpleArticles + catalogue.configurables * (1 + catalogue.variantsPerConfigurable) + 1;

describe('initial sync from Specter to Magento', () => {
  let setup: SyncSetup | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  async function seedMagentoConflicts(s: SyncSetup) {
    // ART-00001 exists in Magento as the same simple article (a match); CFG-00001 exists as a
    // simple product although Specter has it as a main article (a conflict).
    await controlCall(s.magentoUrl, 'POST', '/products/bulk', {
      products: [
        { sku: 'ART-00001', name: 'Befintlig', price: 10, website_ids: [1] },
        { sku: 'CFG-00001', name: 'Fel struktur', price: 10, website_ids: [1] },
      ],
    });
  }

  it('dry run reports create, match and conflict, writes nothing, stores the report', async () => {
    setup = await startSyncSetup('specter');
    await seedMagentoConflicts(setup);
    const before = await setup.writes();
    const { report, reportId } = await runInitialSync({
      connection: setup.connection,
      db: setup.store.db,
      from: 'specter',
      dryRun: true,
    });
    expect(await setup.writes()).toEqual(before);
    expect(report.summary.read).toBe(total);
    expect(report.matched.map((e) => e.sku)).toEqual(['ART-00001']);
    // CFG-00001 and its four variants: they could only be orphans under a simple product.
    expect(report.conflicts.map((e) => e.sku).sort()).toEqual([
      'CFG-00001',
      'CFG-00001-1',
      'CFG-00001-2',
      'CFG-00001-3',
      'CFG-00001-4',
    ]);
    expect(report.conflicts.find((e) => e.sku === 'CFG-00001')!.reason).toContain('configurable');
    expect(report.summary.create).toBe(total - 6);
    expect(report.created.some((e) => e.sku === 'CFG-00002-1' && e.parentSku === 'CFG-00002')).toBe(true);

    const stored = await setup.store.db
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', reportId)
      .executeTakeFirstOrThrow();
    expect(stored.kind).toBe('initial-sync-dry-run');
    expect(stored.summary).toMatchObject({ create: total - 6, match: 1, conflict: 5, dryRun: true });
    expect(stored.summary).toMatchObject({ complete: true });
    const body = (await loadReportBody(setup.store.db, reportId, stored.body)) as {
      conflicts: unknown[];
      created: unknown[];
    };
    expect(body.conflicts).toHaveLength(5);
    expect(body.created).toHaveLength(total - 6);
    const bindings = await setup.store.db.selectFrom('bindings').select('id').execute();
    expect(bindings).toHaveLength(0);
  });

  it('real run creates products with their variant structure and binds created and matched', async () => {
    setup = await startSyncSetup('specter');
    await seedMagentoConflicts(setup);
    const { report } = await runInitialSync({
      connection: setup.connection,
      db: setup.store.db,
      from: 'specter',
      dryRun: false,
      bulkSize: 7,
    });
    expect(report.failures).toEqual([]);
    expect(report.summary.create).toBe(total - 6);

    const client = new MagentoClient({
      baseUrl: setup.magentoUrl,
      auth: { kind: 'admin', username: 'admin', password: 'admin123' },
    });
    // Every new configurable got its axes and all its children (linked while the sync still read:
    // with bulks of 7 they go out between the product bulks).
    for (const parent of ['CFG-00002', 'CFG-00003']) {
      const children = await client.getConfigurableChildren(parent);
      expect(children.map((c) => c.sku).sort()).toEqual([1, 2, 3, 4].map((n) => `${parent}-${n}`));
      const options = await client.listConfigurableOptions(parent);
      expect(options.length).toBe(2);
    }
    // The conflicting SKU was left as it was.
    expect((await client.getProduct('CFG-00001'))?.type_id).toBe('simple');
    expect((await client.getProduct('ART-00001'))?.name).toBe('Befintlig');

    const bound = await setup.store.db
      .selectFrom('bindings')
      .select('magento_key')
      .where('shop_id', '=', 'se')
      .execute();
    expect(bound.length).toBe(total - 5);
    expect(report.summary.bound).toBe(total - 5);
    expect(bound.some((b) => b.magento_key === 'ART-00001')).toBe(true);

    // Running again finds everything in place.
    const again = await runInitialSync({
      connection: setup.connection,
      db: setup.store.db,
      from: 'specter',
      dryRun: true,
    });
    expect(again.report.summary.create).toBe(0);
    expect(again.report.summary.match).toBe(total - 5);
    expect(again.report.summary.conflict).toBe(5);
  });
});
