// The running service: workers that drain the queue, schedulers that detect changes, for every
// connection in the config. `koppla start`, `koppla worker` and `koppla demo` are all this.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ConnectionConfig } from '../config/schema.ts';
import type { Clock } from '../engine/clock.ts';
import { systemClock } from '../engine/clock.ts';
import { JobQueue } from '../engine/queue.ts';
import { pruneExpired, type RetentionPolicy } from '../engine/retention.ts';
import {
  finishScheduleRun,
  renewScheduleLease,
  type ScheduleSlot,
  startScheduleRun,
} from '../engine/schedule.ts';
import { scheduleKey, schedulesNotStartable } from '../engine/schedule-due.ts';
import { takeScheduleLane } from '../engine/schedule-lanes.ts';
import { type JobHandler, Worker } from '../engine/worker.ts';
import { beat, HEARTBEAT_MS, leave } from '../engine/worker-processes.ts';
import type { Store } from '../store/db.ts';
import type { FlowSet, Schedule } from './flow-set.ts';
import { syncConnections } from './sync-connections.ts';

export interface RuntimeOptions {
  store: Store;
  connections: ConnectionConfig[];
  logger: Logger;
  /** Builds one connection's handlers and schedules. */
  buildFlows: (connection: ConnectionConfig, runtime: Runtime) => Promise<FlowSet> | FlowSet;
  workers?: number;
  concurrencyPerWorker?: number;
  runSchedulers?: boolean;
  clock?: Clock;
  schedulerTickMs?: number;
  /** How long a schedule run holds its lease between renewals (a dead worker's lapses after this). */
  scheduleLeaseMs?: number;
  /** Deletes finished jobs, old events and resolved dead letters hourly (one run fleet-wide). */
  retention?: RetentionPolicy;
}

const SCHEDULE_LEASE_MS = 30_000;
/** How often a schedule run waiting for a lane asks again (a job ends within tens of ms). */
const SCHEDULE_LANE_RETRY_MS = 25;
/** Schedules of the installation as a whole are kept under this connection id. */
const INSTALLATION = '*';
const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;

export class Runtime {
  readonly queue: JobQueue;
  readonly logger: Logger;
  readonly store: Store;
  private readonly perConnection = new Map<string, FlowSet>();
  /** Not of one connection: housekeeping. */
  private readonly installationSchedules: Schedule[] = [];
  private readonly workers: Worker[] = [];
  private schedulerTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private heartbeat: Promise<void> = Promise.resolve();
  private schedulerRunning = new Map<string, Promise<void>>();
  /** Schedules asked to run again while running (a callback rang mid-read). */
  private schedulerRerun = new Map<string, Promise<void>>();
  private stopped = false;
  /** This process: the holder of schedule leases, and its row in worker_processes. */
  private readonly scheduleOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(private readonly options: RuntimeOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.queue = new JobQueue(options.store.db, { clock: options.clock ?? systemClock });
  }

  get connections(): ConnectionConfig[] {
    return this.options.connections;
  }

  async start(): Promise<void> {
    await syncConnections(this.store.db, this.options.connections);
    for (const connection of this.options.connections) {
      this.perConnection.set(connection.id, await this.options.buildFlows(connection, this));
    }
    if (this.options.retention) this.installationSchedules.push(this.housekeeping(this.options.retention));
    const handlers = this.dispatchingHandlers();
    const count = this.options.workers ?? 1;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(this.queue, handlers, {
        concurrency: this.options.concurrencyPerWorker ?? 8,
        logger: this.logger,
      });
      worker.start();
      this.workers.push(worker);
    }
    if (count > 0) await this.startHeartbeat();
    if (this.options.runSchedulers !== false) this.startSchedulers();
    this.logger.info(
      { connections: this.options.connections.map((c) => c.id), workers: count },
      'koppla runtime started',
    );
  }

  /** Wakes idle workers (after an enqueue) so they do not wait for their next poll. */
  poke(): void {
    for (const worker of this.workers) worker.poke();
  }

  /** Runs a connection's schedule now if this process can take its slot (callbacks use this). */
  async runScheduleNow(connectionId: string, name: string): Promise<void> {
    const schedule = this.perConnection.get(connectionId)?.schedules.find((s) => s.name === name);
    if (schedule) await this.runSchedule(connectionId, schedule, true);
  }

  flowsOf(connectionId: string): FlowSet | undefined {
    return this.perConnection.get(connectionId);
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    clearInterval(this.schedulerTimer);
    await Promise.all(this.workers.map((w) => w.stop(graceMs)));
    clearInterval(this.heartbeatTimer);
    await this.heartbeat;
    if (this.workers.length > 0)
      await leave(this.store.db, this.scheduleOwner).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not remove this process from worker_processes'),
      );
  }

  private dispatchingHandlers(): Record<string, JobHandler> {
    const kinds = new Set<string>();
    for (const flows of this.perConnection.values())
      for (const kind of Object.keys(flows.handlers)) kinds.add(kind);
    const handlers: Record<string, JobHandler> = {};
    for (const kind of kinds) {
      handlers[kind] = (ctx) => {
        const handler = this.perConnection.get(ctx.job.connectionId)?.handlers[kind];
        if (!handler) {
          throw new Error(
            `Connection ${ctx.job.connectionId} has no handler for "${kind}" (stream switched off?)`,
          );
        }
        return handler(ctx);
      };
    }
    return handlers;
  }

  /**
   * Tells the fleet this process runs jobs (worker_processes): an initial sync keeps a lane for a
   * connection's ready jobs only while some process can run them. A failed beat is logged; the
   * next one tries again, and the row lapses only after three missed beats.
   */
  private async startHeartbeat(): Promise<void> {
    await beat(this.store.db, this.scheduleOwner, this.now(), true);
    this.heartbeatTimer = setInterval(() => {
      this.heartbeat = beat(this.store.db, this.scheduleOwner, this.now()).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'worker heartbeat failed'),
      );
    }, HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  private startSchedulers(): void {
    let ticking = false;
    const tick = async () => {
      // A tick that outlasts the interval (a slow database) is not joined by the next one.
      if (this.stopped || ticking) return;
      ticking = true;
      try {
        const now = this.now();
        // One read for all schedules; only the due ones (and those never run) are tried.
        const waiting = await schedulesNotStartable(this.store.db, now);
        const tryRun = (connectionId: string, schedule: Schedule) => {
          if (this.stopped || waiting.has(scheduleKey(connectionId, schedule.name))) return;
          void this.runSchedule(connectionId, schedule, false, now);
        };
        for (const [connectionId, flows] of this.perConnection)
          for (const schedule of flows.schedules) tryRun(connectionId, schedule);
        for (const schedule of this.installationSchedules) tryRun(INSTALLATION, schedule);
      } catch (error) {
        this.logger.warn({ err: error }, 'scheduler tick failed; trying again on the next one');
      } finally {
        ticking = false;
      }
    };
    this.schedulerTimer = setInterval(() => void tick(), this.options.schedulerTickMs ?? 250);
    this.schedulerTimer.unref();
    void tick();
  }

  /**
   * Runs one schedule. A forced run (callback, drain) that finds the schedule already running
   * waits for that run and then runs once more, so it always sees changes made before it was asked.
   */
  private async runSchedule(
    connectionId: string,
    schedule: Schedule,
    force: boolean,
    now = this.now(),
  ): Promise<void> {
    const key = `${connectionId}:${schedule.name}`;
    const current = this.schedulerRunning.get(key);
    if (current) {
      if (!force) return;
      let again = this.schedulerRerun.get(key);
      if (!again) {
        again = current.then(() => {
          this.schedulerRerun.delete(key);
          return this.stopped ? undefined : this.runSchedule(connectionId, schedule, true);
        });
        this.schedulerRerun.set(key, again);
      }
      return again;
    }
    const run = this.runLeased(
      { connectionId, name: schedule.name, owner: this.scheduleOwner },
      schedule,
      force,
      now,
    )
      .catch((error) => {
        this.logger.warn(
          { err: error, connection: connectionId, schedule: schedule.name },
          'schedule run failed',
        );
      })
      .finally(() => this.schedulerRunning.delete(key));
    this.schedulerRunning.set(key, run);
    return run;
  }

  /** One run under the schedule's lease, when this process can take it (see engine/schedule.ts). */
  private async runLeased(slot: ScheduleSlot, schedule: Schedule, force: boolean, now: Date): Promise<void> {
    const db = this.store.db;
    const leaseMs = this.options.scheduleLeaseMs ?? SCHEDULE_LEASE_MS;
    const started = await startScheduleRun(db, slot, { now, leaseMs, force });
    if (started !== 'started') return;
    const renewal = setInterval(() => {
      renewScheduleLease(db, slot, new Date(this.now().getTime() + leaseMs))
        .then((held) => {
          if (!held)
            this.logger.warn(
              { connection: slot.connectionId, schedule: slot.name },
              'schedule lease lapsed while running; another worker may run it too',
            );
        })
        .catch((error) =>
          this.logger.warn({ err: error, schedule: slot.name }, 'schedule lease renewal failed'),
        );
    }, leaseMs / 3);
    renewal.unref();
    let ran = false;
    try {
      if (!(await this.waitForLane(slot))) return;
      ran = true;
      await schedule.run(now);
    } finally {
      clearInterval(renewal);
      await finishScheduleRun(db, slot, {
        now: this.now(),
        // Stopped before it got a lane: due again at once, for whichever worker is still up.
        nextDue: ran ? new Date(now.getTime() + schedule.intervalMs) : this.now(),
      });
    }
  }

  /**
   * Waits until the run has one of its connection's lanes (schedule-lanes.ts): a poll's requests
   * count against the connection's limit like a job's. Answers false when the runtime stopped first.
   */
  private async waitForLane(slot: ScheduleSlot): Promise<boolean> {
    for (;;) {
      if (await takeScheduleLane(this.store.db, slot, this.now())) return true;
      if (this.stopped) return false;
      await new Promise((resolve) => setTimeout(resolve, SCHEDULE_LANE_RETRY_MS));
    }
  }

  private housekeeping(policy: RetentionPolicy): Schedule {
    return {
      name: 'housekeeping',
      intervalMs: HOUSEKEEPING_INTERVAL_MS,
      run: async (now) => {
        const pruned = await pruneExpired(this.store.db, policy, now);
        if (Object.values(pruned).some((n) => n > 0)) this.logger.info({ pruned, policy }, 'housekeeping');
      },
    };
  }

  private now(): Date {
    return (this.options.clock ?? systemClock).now();
  }
}
