// A worker: claims jobs, runs their handlers, keeps their leases alive, and records the outcome.
// Several run side by side (in one process, or in many processes on one PostgreSQL).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { classifyError, TransientError } from '../domain/errors.ts';
import { runInJobScope } from './job-scope.ts';
import type { Job } from './job-types.ts';
import type { JobQueue } from './queue.ts';

export interface JobContext {
  job: Job;
  /** Aborted when the handler's time limit passes or the worker is stopping hard. */
  signal: AbortSignal;
  /** Adds an entry to this attempt's log (requests and responses, already redacted). */
  record(entry: Record<string, unknown>): void;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

/**
 * Connections one claim may take jobs of (one transaction, one commit). A claim takes at most half
 * of a connection's limit, so with connections of small limits a worker's free slots span several.
 */
const CLAIM_CONNECTIONS = 8;

export interface WorkerOptions {
  id?: string;
  /** How many jobs this worker runs at once. */
  concurrency?: number;
  leaseMs?: number;
  /** Sleep between claims when the queue is empty. */
  idlePollMs?: number;
  /** A handler running longer than this fails with a transient timeout. */
  jobTimeoutMs?: number;
  logger?: Logger;
  /** Called after each job with its outcome (metrics, tests). */
  onOutcome?: (job: Job, outcome: 'done' | 'retry' | 'dead', error?: Error) => void;
}

export class Worker {
  readonly id: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly idlePollMs: number;
  private readonly jobTimeoutMs: number;
  private readonly inFlight = new Map<string, { job: Job; abort: AbortController }>();
  private stopping = false;
  private loops: Promise<void>[] = [];
  private heartbeat?: NodeJS.Timeout;
  /** Idle loops waiting for their next poll; poke() ends their wait at once. */
  private readonly waiters = new Set<() => void>();
  private readonly completions: {
    job: Job;
    log: unknown;
    resolve: () => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: WorkerOptions = {},
  ) {
    this.id = options.id ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.idlePollMs = options.idlePollMs ?? 250;
    this.jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
  }

  start(): void {
    this.stopping = false;
    this.heartbeat = setInterval(
      () => {
        const ids = [...this.inFlight.keys()];
        this.queue.extendLeases(this.id, ids, this.leaseMs).catch((error) => {
          this.options.logger?.warn({ err: error }, 'lease extension failed');
        });
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    this.heartbeat.unref();
    this.loops = [this.loop()];
  }

  /** Nudges idle loops to claim now (e.g. right after enqueueing). */
  poke(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Stops claiming, lets running jobs finish for up to `graceMs`, then releases the rest back to
   * the queue so another worker picks them up at once instead of waiting for the lease to run out.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.poke();
    const finished = Promise.all(this.loops);
    const timedOut = await Promise.race([
      finished.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs).unref()),
    ]);
    if (timedOut) {
      // Out of inFlight before the abort: the aborted handler's rejection must find the job gone
      // (released), or run() records it as a failure and dead-letters it as "worker stopping".
      const unfinished = [...this.inFlight.values()];
      this.inFlight.clear();
      for (const { job, abort } of unfinished) {
        abort.abort(new Error('worker stopping'));
        await this.queue.release(job).catch(() => {});
      }
    }
    clearInterval(this.heartbeat);
    await finished.catch(() => {});
  }

  get runningJobs(): number {
    return this.inFlight.size;
  }

  /**
   * One claiming loop per worker: it claims up to its free slots in one transaction (a claim takes
   * at most half of a connection's limit, see claim-share.ts), starts them, and claims again at
   * once while claims give it jobs; when none do, it waits for a slot to free up, a poke or a poll.
   *
   * The claims made at once skip the connections an earlier one of them filled. A slot that frees
   * there meanwhile is another worker's: taken back by its holder when its job ends, or by a worker
   * that polls. Were it taken by these immediate claims, a worker holding many slots (and so
   * claiming often) would keep collecting the slots of the others and one process would end up
   * with a busy connection's whole limit.
   */
  private async loop(): Promise<void> {
    const running = new Set<Promise<void>>();
    const filled: string[] = [];
    let finished = 0;
    while (!this.stopping) {
      const free = this.concurrency - running.size;
      if (free <= 0) {
        await Promise.race(running);
        filled.length = 0;
        continue;
      }
      let jobs: Job[] = [];
      const finishedBefore = finished;
      try {
        const claim = await this.queue.claimBatch(this.id, this.leaseMs, free, filled, CLAIM_CONNECTIONS);
        jobs = claim.jobs;
        filled.push(...claim.filled);
      } catch (error) {
        this.options.logger?.error({ err: error }, 'claim failed');
      }
      if (jobs.length === 0) {
        filled.length = 0;
        // One of our jobs ended while we claimed: its slot may be free now, unseen by that claim
        // (or skipped with its connection). Its promise has left `running`, so waiting on the
        // others could sleep through the whole poll interval.
        if (finished !== finishedBefore) continue;
        // Nothing ready (or this worker's connections are at their limit): wait for the poll
        // interval, a poke, or one of our own jobs finishing, whichever comes first.
        await Promise.race([this.idle(), ...running]);
        continue;
      }
      for (const job of jobs) {
        const run = this.run(job).finally(() => {
          running.delete(run);
          finished++;
        });
        running.add(run);
      }
    }
    await Promise.all(running);
  }

  /** Jobs that finished in the same tick are marked done together. */
  private completeSoon(job: Job, log: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      this.completions.push({ job, log, resolve, reject });
      if (this.completions.length === 1) setImmediate(() => this.flushCompletions());
    });
  }

  private async flushCompletions(): Promise<void> {
    const batch = this.completions.splice(0);
    if (batch.length === 0) return;
    try {
      await this.queue.completeMany(batch.map(({ job, log }) => ({ job, log })));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.idlePollMs);
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }

  private async run(job: Job): Promise<void> {
    const abort = new AbortController();
    this.inFlight.set(job.id, { job, abort });
    const log: Record<string, unknown>[] = [];
    const timer = setTimeout(
      () =>
        abort.abort(new TransientError(`Job timed out after ${this.jobTimeoutMs} ms`, { code: 'timeout' })),
      this.jobTimeoutMs,
    );
    try {
      const handler = this.handlers[job.kind];
      if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
      await Promise.race([
        runInJobScope({ jobId: job.id, record: (entry) => log.push(entry) }, () =>
          handler({ job, signal: abort.signal, record: (entry) => log.push(entry) }),
        ),
        new Promise<never>((_, reject) => {
          abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true });
        }),
      ]);
      if (!this.inFlight.has(job.id)) return; // released at shutdown
      await this.completeSoon(job, log.length ? log : undefined);
      this.options.onOutcome?.(job, 'done');
    } catch (error) {
      if (!this.inFlight.has(job.id)) return;
      const failure = classifyError(error);
      try {
        const result = await this.queue.fail(job, failure, log.length ? log : undefined);
        this.options.onOutcome?.(job, result.outcome, failure);
        this.options.logger?.[result.outcome === 'dead' ? 'warn' : 'info'](
          { job: job.id, kind: job.kind, entity: job.entityKey, code: failure.code, outcome: result.outcome },
          failure.message,
        );
      } catch (storeError) {
        // The store is unreachable: the lease runs out and the job is claimed again later.
        this.options.logger?.error({ err: storeError, job: job.id }, 'could not record job failure');
      }
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(job.id);
    }
  }
}
