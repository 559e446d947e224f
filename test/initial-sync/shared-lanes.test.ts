// An initial sync shares its connection's lanes with the workers: it takes only the lanes the
// running jobs leave free (so the remote never sees more than the connection's limit), waits when
// none is free, and gives its lanes back when it ends.
import { afterEach, describe, expect, it } from 'vitest';
import { syncConnections } from '../../src/app/sync-connections.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { LaneHolds } from '../../src/engine/lane-holds.ts';
import { JobQueue } from '../../src/engine/queue.ts';
import { runInitialSync } from '../../src/flows/initial-sync/run.ts';
import { catalogue, type SyncSetup, startSyncSetup } from './helpers.ts';

const laneTiming = { leaseMs: 5_000, renewMs: 200, waitMs: 50 };

describe('initial sync and the workers share the connection limit', () => {
  let setup: SyncSetup | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  /** Jobs of the connection claimed by a worker: each holds one lane for `leaseMs`. */
  async function runningJobs(s: SyncSetup, count: number, leaseMs: number) {
    await syncConnections(s.store.db, [s.connection]);
    const queue = new JobQueue(s.store.db);
    await queue.enqueueMany(
      Array.from({ length: count }, (_, i) => ({
        connectionId: s.connection.id,
        stream: 'orders',
        kind: 'export',
        entityKey: `order-${i}`,
        payload: {},
      })),
    );
    const claimed = [];
    while (claimed.length < count) {
      const claim = await queue.claimBatch('worker-1', leaseMs, count);
      if (claim.jobs.length === 0) break;
      claimed.push(...claim.jobs);
    }
    expect(claimed).toHaveLength(count);
    return { queue, claimed };
  }

  it('uses only the lanes the running jobs leave free, and gives them back', async () => {
    setup = await startSyncSetup('specter');
    const limit = setup.connection.limits.concurrency;
    await runningJobs(setup, limit - 1, 60_000);
    const result = await runInitialSync({
      connection: setup.connection,
      db: setup.store.db,
      from: 'specter',
      dryRun: false,
      laneTiming,
    });
    expect(result.report.summary.failed).toBe(0);
    expect(result.report.summary.create).toBe(
      catalogue.simpleArticles + catalogue.configurables * (1 + catalogue.variantsPerConfigurable) + 1,
    );
    expect(result.lanesHeld).toBe(1);
    expect(await new LaneHolds(setup.store.db).list(setup.connection.id)).toEqual([]);
  });

  it('waits while every lane is taken, and starts once jobs give lanes back', async () => {
    setup = await startSyncSetup('specter');
    const limit = setup.connection.limits.concurrency;
    const { queue, claimed } = await runningJobs(setup, limit, 60_000);
    const sync = runInitialSync({
      connection: setup.connection,
      db: setup.store.db,
      from: 'specter',
      dryRun: true,
      laneTiming,
    });
    let done = false;
    void sync.finally(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(done).toBe(false);
    // It has sent nothing yet: not a single read.
    const seen = await controlCall<{ byAction: Record<string, number> }>(
      setup.specterUrl,
      'GET',
      '/requests',
    );
    expect(seen.byAction).toEqual({});
    // Two jobs finish: the sync gets their lanes (and, as more finish, more).
    await queue.complete(claimed[0]!);
    await queue.complete(claimed[1]!);
    const result = await sync;
    expect(result.lanesHeld).toBe(2);
    expect(result.report.summary.read).toBeGreaterThan(0);
    // While it ran, no claim could go beyond the limit; now the workers have every lane again.
    expect(await new LaneHolds(setup.store.db).list(setup.connection.id)).toEqual([]);
  });

  it('gives its lanes back when it fails', async () => {
    setup = await startSyncSetup('specter');
    const broken = {
      ...setup.connection,
      specter: { ...setup.connection.specter, url: 'http://127.0.0.1:9/' },
    };
    await expect(
      runInitialSync({ connection: broken, db: setup.store.db, from: 'specter', dryRun: true, laneTiming }),
    ).rejects.toThrow(/127\.0\.0\.1:9|ECONNREFUSED|fetch failed/);
    expect(await new LaneHolds(setup.store.db).list(setup.connection.id)).toEqual([]);
  });
});
