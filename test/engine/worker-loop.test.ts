// The claiming loop of a worker alone: with one claim capped at half a connection's limit, it
// still fills the connection through the claims it makes at once, and keeps it full as its jobs
// end. The poll interval is set far beyond the test's time limit, so a loop that slept on it
// instead would not finish.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/engine/queue.ts';
import { Worker } from '../../src/engine/worker.ts';
import { insertConnection } from '../helpers/connections.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe.each(backends)('a worker alone on %s', (backend) => {
  let store: TestStore;
  let queue: JobQueue;

  beforeEach(async () => {
    store = await openTestStore(backend);
    queue = new JobQueue(store.db);
  });
  afterEach(async () => {
    await store.dispose();
  });

  async function runAll(limit: number, jobs: number, jobMs: number) {
    await insertConnection(store.db, 'c1', limit);
    await queue.enqueueMany(
      Array.from({ length: jobs }, (_, i) => ({
        connectionId: 'c1',
        stream: 's',
        kind: 'k',
        entityKey: `e${i}`,
        payload: null,
      })),
    );
    let running = 0;
    let most = 0;
    let done = 0;
    let allDone: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      allDone = resolve;
    });
    const worker = new Worker(
      queue,
      {
        k: async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, jobMs));
          running--;
        },
      },
      {
        concurrency: 8,
        idlePollMs: 600_000,
        onOutcome: () => {
          if (++done === jobs) allDone();
        },
      },
    );
    worker.start();
    await finished;
    await worker.stop();
    return { most, done };
  }

  it('fills a connection to its limit and keeps it full until the backlog is done', async () => {
    // 20 ms: long enough for the loop to claim the other slots while a job holds its own.
    expect(await runAll(4, 24, 20)).toEqual({ most: 4, done: 24 });
  }, 30_000);

  it('runs a limit-1 connection job after job without waiting for a poll', async () => {
    // Jobs that end at once, often while the loop is still claiming.
    expect(await runAll(1, 40, 0)).toEqual({ most: 1, done: 40 });
  }, 30_000);
});
