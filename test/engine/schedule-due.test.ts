// A scheduler tick reads the schedules once and tries only the due ones: an idle fleet's ticks
// write nothing, however many schedules it has, and due schedules still run on time.
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../src/app/runtime.ts';
import { finishScheduleRun, startScheduleRun } from '../../src/engine/schedule.ts';
import { scheduleKey, schedulesNotStartable } from '../../src/engine/schedule-due.ts';
import { createLogger } from '../../src/log/logger.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';
import { fleetConnections } from '../scale/fleet-config.ts';

/** Counts the statements that go through it, by kind (SelectQueryNode, InsertQueryNode, ...). */
class StatementCounter implements KyselyPlugin {
  readonly counts = new Map<string, number>();
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    this.counts.set(node.kind, (this.counts.get(node.kind) ?? 0) + 1);
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
  count(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }
  writes(): number {
    return this.count('InsertQueryNode') + this.count('UpdateQueryNode') + this.count('RawNode');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 7, 12, 0, seconds));

describe.each(backends)('scheduler ticks on %s', (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => store?.dispose());

  it('tells which schedules cannot start: not due yet, or leased by a run', async () => {
    const lease = { leaseMs: 30_000, force: false };
    const slot = (name: string) => ({ connectionId: 'due-c', name, owner: 'a' });
    await startScheduleRun(store.db, slot('running'), { ...lease, now: at(0) });
    await startScheduleRun(store.db, slot('later'), { ...lease, now: at(0) });
    await finishScheduleRun(store.db, slot('later'), { now: at(1), nextDue: at(60) });
    await startScheduleRun(store.db, slot('due'), { ...lease, now: at(0) });
    await finishScheduleRun(store.db, slot('due'), { now: at(1), nextDue: at(5) });

    const waiting = await schedulesNotStartable(store.db, at(10));
    expect(waiting.has(scheduleKey('due-c', 'running'))).toBe(true);
    expect(waiting.has(scheduleKey('due-c', 'later'))).toBe(true);
    expect(waiting.has(scheduleKey('due-c', 'due'))).toBe(false);
    // Never run: no row, so it is tried.
    expect(waiting.has(scheduleKey('due-c', 'never'))).toBe(false);
    // Once the running one's lease has lapsed it can be taken over.
    expect((await schedulesNotStartable(store.db, at(31))).has(scheduleKey('due-c', 'running'))).toBe(false);
  });

  it('reads once per tick and writes nothing while no schedule is due; a due one still runs', async () => {
    const connections = fleetConnections().slice(0, 12);
    const counter = new StatementCounter();
    const runs = new Map<string, number>();
    const runtime = new Runtime({
      store: { ...store, db: store.db.withPlugin(counter), backend, close: async () => {} },
      connections,
      logger: createLogger({ level: 'silent' }),
      workers: 0,
      schedulerTickMs: 20,
      buildFlows: (connection) => ({
        handlers: {},
        schedules: ['orders-poll', 'feed'].map((name) => ({
          name,
          // One schedule of the first connection is due every 100 ms; the rest once an hour.
          intervalMs: connection.id === connections[0]!.id && name === 'feed' ? 100 : 3_600_000,
          run: async () => {
            const key = `${connection.id}/${name}`;
            runs.set(key, (runs.get(key) ?? 0) + 1);
          },
        })),
      }),
    });
    await runtime.start();
    try {
      // Every schedule runs once at start.
      for (let i = 0; i < 200 && runs.size < connections.length * 2; i++) await sleep(20);
      expect(runs.size).toBe(connections.length * 2);
      await sleep(150);
      const fastKey = `${connections[0]!.id}/feed`;
      const fastBefore = runs.get(fastKey) ?? 0;
      counter.counts.clear();
      await sleep(500);
      const selects = counter.count('SelectQueryNode');
      // About 25 ticks in 500 ms: each reads the schedules once (the due one's runs read a little
      // more: its lane). Before, each tick wrote all 24 rows: about 600 writes.
      expect(selects).toBeGreaterThanOrEqual(5);
      expect(runs.get(fastKey)! - fastBefore).toBeGreaterThanOrEqual(2);
      // Only the due schedule's runs write: its lease (start), its lane (taken, marked) and its
      // finish, 4 statements a run, plus one run cut by the window's edges.
      const fastRuns = runs.get(fastKey)! - fastBefore;
      expect(counter.writes()).toBeLessThanOrEqual((fastRuns + 1) * 4);
      // The hourly ones did not run again.
      for (const [key, count] of runs) if (key !== fastKey) expect(count, key).toBe(1);
    } finally {
      await runtime.stop(1_000);
    }
  });
});
