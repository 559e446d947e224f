// Processes that run jobs say so with a heartbeat (worker_processes): a runtime with workers
// appears while it runs and is gone when it stops; a process that died lapses and is cleared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../src/app/runtime.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import { ALIVE_WITHIN_MS, beat, liveWorkerProcesses } from '../../src/engine/worker-processes.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe.each(backends)('worker processes on %s', (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => store?.dispose());

  const runtime = (workers: number, clock = new ManualClock()) =>
    new Runtime({
      store,
      connections: [],
      logger: createLogger({ level: 'silent' }),
      workers,
      runSchedulers: false,
      clock,
      buildFlows: () => ({ handlers: {}, schedules: [] }),
    });

  it('lists a runtime with workers while it runs, and not after it stops', async () => {
    const clock = new ManualClock();
    const running = runtime(2, clock);
    await running.start();
    const live = await liveWorkerProcesses(store.db, clock.now());
    expect(live).toHaveLength(1);
    expect(live[0]!.id).toContain(`:${process.pid}:`);
    await running.stop();
    expect(await liveWorkerProcesses(store.db, clock.now())).toEqual([]);
  });

  it('reports the live processes in /metrics', async () => {
    const running = runtime(1, new ManualClock(new Date()));
    await running.start();
    expect(await createMetrics(running).metrics()).toMatch(/^koppla_worker_processes 1$/m);
    await running.stop();
    expect(await createMetrics(running).metrics()).toMatch(/^koppla_worker_processes 0$/m);
  });

  it('does not list a runtime without workers (a dashboard-only process)', async () => {
    const clock = new ManualClock();
    const serving = runtime(0, clock);
    await serving.start();
    expect(await liveWorkerProcesses(store.db, clock.now())).toEqual([]);
    await serving.stop();
  });

  it('stops counting a process whose heartbeat stopped, and clears it when another starts', async () => {
    const clock = new ManualClock();
    await beat(store.db, 'died', clock.now(), true);
    clock.advance(ALIVE_WITHIN_MS - 1);
    expect((await liveWorkerProcesses(store.db, clock.now())).map((p) => p.id)).toEqual(['died']);
    clock.advance(2);
    expect(await liveWorkerProcesses(store.db, clock.now())).toEqual([]);
    await beat(store.db, 'next', clock.now(), true);
    const rows = await store.db.selectFrom('worker_processes').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual(['next']);
  });
});
