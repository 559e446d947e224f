import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecterClient } from '../../src/connectors/specter/index.ts';
import { PermanentError, TransientError } from '../../src/domain/errors.ts';
import { createSpecterPort } from '../../src/flows/adapters/specter-adapter.ts';
import { specterClientFor, specterClientSettingsFor } from '../../src/flows/build.ts';
import { runInitialSync } from '../../src/flows/initial-sync/run.ts';
import { SpecterPagesThread } from '../../src/flows/initial-sync/specter-pages.ts';
import { catalogue, type SyncSetup, startSyncSetup } from './helpers.ts';

describe('Specter article pages read in a worker thread', () => {
  let setup: SyncSetup;
  beforeAll(async () => {
    setup = await startSyncSetup('specter');
  });
  afterAll(() => setup.close());

  it('answers the same pages as the client in this thread, asking for a permit before each request', async () => {
    const here = createSpecterPort(await specterClientFor(setup.connection, undefined));
    let permits = 0;
    const pages = new SpecterPagesThread(
      await specterClientSettingsFor(setup.connection, undefined),
      async () => {
        permits++;
      },
    );
    try {
      const [first, second] = await Promise.all([pages.listArticles(1, 7), pages.listArticles(2, 7)]);
      expect(first).toEqual(await here.listArticles(1, 7));
      expect(second).toEqual(await here.listArticles(2, 7));
      expect(first.items).toHaveLength(7);
      expect(permits).toBe(2);
    } finally {
      await pages.close();
    }
  });

  it('throws what the client would: permanent for refused credentials, transient for no answer', async () => {
    const settings = await specterClientSettingsFor(setup.connection, undefined);
    const refused = new SpecterPagesThread({ ...settings, innerKey: 'wrong' });
    try {
      const error = await refused.listArticles(1, 5).catch((e: unknown) => e);
      const here = createSpecterPort(new SpecterClient({ ...settings, innerKey: 'wrong' }));
      const sameHere = await here.listArticles(1, 5).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentError);
      expect((error as PermanentError).code).toBe((sameHere as PermanentError).code);
      expect((error as PermanentError).message).toBe((sameHere as PermanentError).message);
    } finally {
      await refused.close();
    }
    const unreachable = new SpecterPagesThread({
      ...settings,
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 2_000,
      maxRetries: 0,
    });
    try {
      await expect(unreachable.listArticles(1, 5)).rejects.toBeInstanceOf(TransientError);
    } finally {
      await unreachable.close();
    }
  });

  it('a stopped reader fails the waiting and later requests instead of leaving them hanging', async () => {
    const pages = new SpecterPagesThread(await specterClientSettingsFor(setup.connection, undefined));
    const waiting = pages.listArticles(1, 5);
    await pages.close();
    await expect(waiting).rejects.toThrow(/stopped/);
    await expect(pages.listArticles(2, 5)).rejects.toThrow(/stopped/);
  });

  it('a dry run reads the same whether the pages are parsed in a thread or not', async () => {
    const run = (pagesThread: boolean) =>
      runInitialSync({
        connection: setup.connection,
        db: setup.store.db,
        from: 'specter',
        dryRun: true,
        pagesThread,
      });
    const [threaded, inline] = [await run(true), await run(false)];
    expect(threaded.report.summary.read).toBe(
      catalogue.simpleArticles + catalogue.configurables * (1 + catalogue.variantsPerConfigurable) + 1,
    );
    expect(threaded.report.created).toEqual(inline.report.created);
    expect({ ...threaded.report.summary, seconds: 0 }).toEqual({ ...inline.report.summary, seconds: 0 });
  });
});
