import { afterEach, describe, expect, it } from 'vitest';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { runInitialSync } from '../../src/flows/initial-sync/run.ts';
import { catalogue, type SyncSetup, sbmId, startSyncSetup } from './helpers.ts';

const total = catalogue.simpleArticles + catalogue.configurables * (1 + catalogue.variantsPerConfigurable);

interface SpecterArticle {
  articleNo: string;
  name: string;
  isMainArticle?: boolean;
  mainArticleNo?: string;
  variantValues?: string;
}

describe('initial sync from Magento to Specter', () => {
  let setup: SyncSetup | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  async function seedSpecter(s: SyncSetup) {
    // ART-00002 exists in Specter as a plain article (a match); CFG-00003 exists as a plain
    // article although Magento has it as a configurable (a conflict, and so are its variants).
    for (const articleNo of ['ART-00002', 'CFG-00003'])
      await controlCall(s.specterUrl, 'PUT', `/accounts/${sbmId}/articles/${articleNo}`, {
        name: `Befintlig ${articleNo}`,
        priceExclVat: 100,
        vatPercent: 25,
      });
  }

  it('dry run lists create, match and conflicts and writes nothing', async () => {
    setup = await startSyncSetup('magento');
    await seedSpecter(setup);
    const before = await setup.writes();
    const { report } = await runInitialSync({
      connection: setup.connection,
      db: setup.store.db,
      from: 'magento',
      dryRun: true,
    });
    expect(await setup.writes()).toEqual(before);
    expect(report.summary).toMatchObject({ read: total, match: 1, conflict: 5, create: total - 6 });
    expect(report.conflicts.find((c) => c.sku === 'CFG-00003-2')?.reason).toContain('variant of CFG-00003');
  });

  it('real run creates main articles and variants in Specter and binds them', async () => {
    setup = await startSyncSetup('magento');
    await seedSpecter(setup);
    const { report } = await runInitialSync({
      connection: setup.connection,
      db: setup.store.db,
      from: 'magento',
      dryRun: false,
      specterBatchSize: 5,
    });
    expect(report.failures).toEqual([]);
    expect(report.summary.create).toBe(total - 6);
    const main = await controlCall<SpecterArticle>(
      setup.specterUrl,
      'GET',
      `/accounts/${sbmId}/articles/CFG-00001`,
    );
    expect(main.isMainArticle).toBe(true);
    const variant = await controlCall<SpecterArticle>(
      setup.specterUrl,
      'GET',
      `/accounts/${sbmId}/articles/CFG-00001-2`,
    );
    expect(variant.mainArticleNo).toBe('CFG-00001');
    expect(variant.variantValues).toMatch(/Färg=.+;Storlek=.+/);
    const untouched = await controlCall<SpecterArticle>(
      setup.specterUrl,
      'GET',
      `/accounts/${sbmId}/articles/CFG-00003`,
    );
    expect(untouched.name).toBe('Befintlig CFG-00003');

    const bound = await setup.store.db
      .selectFrom('bindings')
      .select('magento_key')
      .where('shop_id', '=', '')
      .execute();
    expect(bound).toHaveLength(total - 5);
    const again = await runInitialSync({
      connection: setup.connection,
      db: setup.store.db,
      from: 'magento',
      dryRun: true,
    });
    expect(again.report.summary).toMatchObject({ create: 0, match: total - 5, conflict: 5 });
  });

  it('a variant attribute the shop does not have leaves the rest of the mapping as it was', async () => {
    setup = await startSyncSetup('magento');
    const { variantAttributes } = setup.connection.streams.articles;
    // Magento answers 404 for the attribute, named first here: the sync reads the others and goes on.
    const connection = {
      ...setup.connection,
      streams: {
        ...setup.connection.streams,
        articles: {
          ...setup.connection.streams.articles,
          variantAttributes: { Material: 'material', ...variantAttributes },
        },
      },
    };
    const { report } = await runInitialSync({
      connection,
      db: setup.store.db,
      from: 'magento',
      dryRun: false,
    });
    expect(report.failures).toEqual([]);
    expect(report.summary.create).toBe(total);
    const variant = await controlCall<SpecterArticle>(
      setup.specterUrl,
      'GET',
      `/accounts/${sbmId}/articles/CFG-00001-2`,
    );
    expect(variant.variantValues).toMatch(/Färg=.+;Storlek=.+/);
  });
});
