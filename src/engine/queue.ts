// The durable job queue on the store. Every state change of a job is one short transaction, so a
// worker can die at any point and the job is either still queued, held under a lease that runs
// out, done, or dead-lettered: never lost, never claimed by two live workers.
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { type BackoffPolicy, backoffDelayMs, defaultBackoff } from '../domain/backoff.ts';
import type { SyncError } from '../domain/errors.ts';
import type { Database, JobsTable } from '../store/schema.ts';
import { readCandidates, readyConnectionsQuery } from './claim-queries.ts';
import { claimShare } from './claim-share.ts';
import { type Clock, systemClock } from './clock.ts';
import { planEnqueue } from './enqueue-plan.ts';
import type { DeadLetterFilter, EnqueueInput, Job } from './job-types.ts';

export interface QueueOptions {
  clock?: Clock;
  backoff?: BackoffPolicy;
  random?: () => number;
  defaultMaxAttempts?: number;
}

export interface EnqueueResult {
  /** The job that carries the work. */
  id: string;
  /** True when an already queued job took it over (same dedupe key). */
  coalesced: boolean;
}

/** Rows per enqueue statement: 15 parameters a row stays well below PostgreSQL's 65,535. */
const ENQUEUE_CHUNK = 500;

/** What one claim took, from which connections, and which of them it left with no free slot. */
export interface Claim {
  jobs: Job[];
  /** The first connection the claim took jobs of (null: none). */
  connectionId: string | null;
  /** Whether the claim took the first connection's last free lane. */
  full: boolean;
  /** Every connection whose last free lane the claim took. */
  filled: string[];
}

const nothing = (): Claim => ({ jobs: [], connectionId: null, full: false, filled: [] });

/** A claim that locked a connection and took nothing of it (no free lane, or only twins of running jobs). */
type Passed = { passed: string };

/** The dedupe and serial keys of the jobs a claim has picked so far. */
type PickedKeys = { dedupe: Set<string>; serial: Set<string> };

export type FailOutcome = { outcome: 'retry'; runAt: Date } | { outcome: 'dead'; deadLetterId: string };

type Db = Kysely<Database> | Transaction<Database>;

function toJob(row: Selectable<JobsTable>): Job {
  return {
    id: String(row.id),
    connectionId: row.connection_id,
    shopId: row.shop_id,
    stream: row.stream,
    kind: row.kind,
    entityKey: row.entity_key,
    dedupeKey: row.dedupe_key,
    serialKey: row.serial_key,
    seq: Number(row.seq),
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: new Date(row.run_at),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until ? new Date(row.lease_until) : null,
    lastError: row.last_error,
  };
}

export class JobQueue {
  readonly clock: Clock;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly defaultMaxAttempts: number;

  constructor(
    readonly db: Kysely<Database>,
    options: QueueOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.backoff = options.backoff ?? defaultBackoff;
    this.random = options.random ?? Math.random;
    this.defaultMaxAttempts = options.defaultMaxAttempts ?? 8;
  }

  /**
   * Adds a job, or folds it into the queued job with the same dedupe key (the newer payload wins,
   * judged by `seq`). Returns the id of the job that now carries the work.
   */
  async enqueue(input: EnqueueInput, db: Db = this.db): Promise<EnqueueResult> {
    const [result] = await this.enqueueMany([input], db);
    return result!;
  }

  /**
   * Adds many jobs in one statement (per 500), for callers that have a batch at hand (a feed page,
   * a poll's changes): one round trip and one commit instead of one per job. Same outcome as calling
   * `enqueue` for each in order, including jobs of the batch that share a dedupe key. Results are
   * in input order. Not atomic past 500 jobs unless `db` is a transaction.
   */
  async enqueueMany(inputs: EnqueueInput[], db: Db = this.db): Promise<EnqueueResult[]> {
    const results: EnqueueResult[] = [];
    for (let i = 0; i < inputs.length; i += ENQUEUE_CHUNK) {
      results.push(...(await this.enqueueChunk(inputs.slice(i, i + ENQUEUE_CHUNK), db)));
    }
    return results;
  }

  private async enqueueChunk(inputs: EnqueueInput[], db: Db): Promise<EnqueueResult[]> {
    if (inputs.length === 0) return [];
    const { rows, carriers } = planEnqueue(inputs, this.clock.now(), this.defaultMaxAttempts);
    const insert = db.insertInto('jobs').values(rows);
    const keyed = rows.some((row) => row.dedupe_key !== null);
    const returned = await (keyed
      ? insert.onConflict((oc) =>
          oc
            .column('dedupe_key')
            .where('status', '=', 'queued')
            .doUpdateSet((eb) => ({
              payload: eb.ref('excluded.payload'),
              seq: eb.ref('excluded.seq'),
              entity_key: eb.ref('excluded.entity_key'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            // An older payload never replaces a newer one: the row is left as it is and not returned.
            .where('jobs.seq', '<=', (eb) => eb.ref('excluded.seq')),
        )
      : insert
    )
      .returning(['id', 'dedupe_key', sql<boolean>`(xmax = 0)`.as('inserted')])
      .execute();

    // Keyed rows are matched by key; unkeyed ones are always inserted, and INSERT ... VALUES
    // returns its rows in the order of the list, so they are matched by position.
    const outcome = new Map<number, { id: string; inserted: boolean }>();
    const rowOfKey = new Map<string, number>();
    const unkeyed: number[] = [];
    rows.forEach((row, index) => {
      if (row.dedupe_key) rowOfKey.set(row.dedupe_key, index);
      else unkeyed.push(index);
    });
    let nextUnkeyed = 0;
    for (const r of returned) {
      const index = r.dedupe_key ? rowOfKey.get(r.dedupe_key) : unkeyed[nextUnkeyed++];
      if (index !== undefined) outcome.set(index, { id: String(r.id), inserted: r.inserted });
    }
    // Keys whose queued job already carries a newer payload: this batch is absorbed by that job.
    const absorbed = [...rowOfKey].filter(([, index]) => !outcome.has(index)).map(([key]) => key);
    for (const [key, id] of await this.carriersOf(absorbed, db)) {
      outcome.set(rowOfKey.get(key)!, { id, inserted: false });
    }
    return carriers.map(({ row, first }) => {
      const carried = outcome.get(row);
      if (!carried) throw new Error(`enqueue: no job carries ${rows[row]!.dedupe_key ?? 'a row'}`);
      return { id: carried.id, coalesced: !(first && carried.inserted) };
    });
  }

  /** The job carrying each key: its queued job, else (claimed since the upsert) its newest one. */
  private async carriersOf(keys: string[], db: Db): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (keys.length === 0) return found;
    const rows = await db
      .selectFrom('jobs')
      .select(['id', 'dedupe_key'])
      .where('dedupe_key', 'in', keys)
      .orderBy(sql`status = 'queued'`, 'desc')
      .orderBy('id', 'desc')
      .execute();
    for (const row of rows)
      if (row.dedupe_key && !found.has(row.dedupe_key)) found.set(row.dedupe_key, String(row.id));
    return found;
  }

  /**
   * Claims the next ready job for `workerId`. Connections take turns (the one served longest ago
   * first) so a busy connection cannot starve the others, and a connection never has more
   * running jobs than its `max_concurrency`, counted across every worker on the database, less the
   * lanes its schedule runs and an initial sync take (lanes-in-use.ts).
   */
  async claim(workerId: string, leaseMs: number): Promise<Job | null> {
    const { jobs } = await this.claimBatch(workerId, leaseMs, 1);
    return jobs[0] ?? null;
  }

  /**
   * Claims up to `max` ready jobs of up to `maxConnections` connections in one transaction (the
   * per-job statements and commits of a claim are what bound the engine's throughput, so a worker
   * with free slots takes several at once), but never more than half of a connection's limit, at
   * least one (`claimShare`: the rest stays for the other workers; a worker alone claims again at
   * once). The same rules as a single claim hold: the connection served longest ago goes first, its
   * running jobs never exceed `max_concurrency`, and at most one job per dedupe key runs.
   * Connections in `skip` are passed over (see Worker.loop).
   */
  async claimBatch(
    workerId: string,
    leaseMs: number,
    max: number,
    skip: string[] = [],
    maxConnections = 1,
  ): Promise<Claim> {
    if (max < 1) return nothing();
    for (let tries = 0; tries < 5; tries++) {
      const result = await this.db
        .transaction()
        .execute((trx) => this.claimInTransaction(trx, workerId, leaseMs, max, skip, maxConnections));
      if (!('passed' in result)) return result;
    }
    return nothing();
  }

  /**
   * Locks up to `maxConnections` ready connections, the ones served longest ago first, passing
   * over rows other claims have locked (SKIP LOCKED), reads the candidate jobs of them all in one
   * statement and takes jobs of each in turn while slots are left, leasing them in one more
   * statement. Only when every ready connection is locked (one busy connection) does it wait, for
   * the first one's lock, as a claim of one connection always did: so a claim waits for at most one
   * lock, before it holds any, and two claims never wait on each other. All in one transaction:
   * with many connections of small limits a claim takes a job or two of each, and its commit (a WAL
   * flush) was most of a job's cost in the engine.
   */
  private async claimInTransaction(
    trx: Transaction<Database>,
    workerId: string,
    leaseMs: number,
    max: number,
    skip: string[],
    maxConnections: number,
  ): Promise<Claim | Passed> {
    const now = this.clock.now();
    // Each connection gives at least one job: no more rows are locked than slots are free.
    const ready = (limit: number, skipLocked: boolean) =>
      readyConnectionsQuery(trx, { skip, limit, skipLocked, now }).execute();
    let connections = await ready(Math.min(maxConnections, max), true);
    if (connections.length === 0) connections = await ready(1, false);
    if (connections.length === 0) return nothing();
    const candidates = await this.candidatesOf(trx, connections, max, now);
    const claim = nothing();
    const picked: Job[] = [];
    /** Connections served by this claim: each goes to the back of the turn order. */
    const served: string[] = [];
    // One job per dedupe key and per serial key in the whole claim: all candidates are read before
    // any is leased, so a key is not yet seen as running by the other connections' candidates.
    const keys: PickedKeys = { dedupe: new Set(), serial: new Set() };
    let passed: Passed | undefined;
    for (const connection of connections) {
      if (picked.length >= max) break;
      const { rows, runningNow } = candidates.get(connection.id) ?? { rows: [], runningNow: 0 };
      const free = connection.max_concurrency - runningNow;
      if (rows.length > 0 && free <= 0) {
        passed ??= { passed: connection.id };
        continue;
      }
      const taken = await this.pickFrom(
        trx,
        rows,
        claimShare(max - picked.length, free, connection.max_concurrency),
        keys,
      );
      // The connection goes to the back of the turn order even when nothing was taken (all twins
      // of running jobs), so the retry serves another connection.
      served.push(connection.id);
      if (taken.length === 0) {
        passed ??= { passed: connection.id };
        continue;
      }
      if (claim.connectionId === null) {
        claim.connectionId = connection.id;
        claim.full = taken.length >= free;
      }
      if (taken.length >= free) claim.filled.push(connection.id);
      picked.push(...taken);
    }
    const leaseUntil = new Date(now.getTime() + leaseMs);
    await this.lease(trx, picked, served, workerId, leaseUntil, now);
    claim.jobs = picked.map((job) => ({
      ...job,
      status: 'running' as const,
      attempts: job.attempts + 1,
      leaseOwner: workerId,
      leaseUntil,
    }));
    // Every connection locked was passed over: the caller tries again in a new transaction.
    return claim.jobs.length === 0 && passed ? passed : claim;
  }

  /**
   * The candidate jobs of connections whose rows this transaction has locked, with each
   * connection's running count, in one statement for them all (a claim of many connections of
   * small limits made two statements per connection, most of a job's cost in the engine). Read
   * now that the connection rows are locked (a new snapshot): a claim committed since the lock's
   * look-up counts.
   */
  private async candidatesOf(
    trx: Transaction<Database>,
    connections: { id: string; max_concurrency: number }[],
    max: number,
    now: Date,
  ): Promise<Map<string, { rows: Selectable<JobsTable>[]; runningNow: number }>> {
    const ids = connections.map((c) => c.id);
    // A few spare rows each: twins of one dedupe key (a lapsed run and its queued successor) and
    // jobs that are dead-lettered are passed over. Locking rows that are not taken costs nothing:
    // every other claim on these connections waits for the connection rows anyway. Jobs of one
    // record run one at a time, in order (a queued twin waits for the running one), and so do jobs
    // writing one remote object (serial key), without coalescing.
    const rowsEach = connections.map((c) => Math.min(max, c.max_concurrency) + 4);
    const rows = await readCandidates(trx, ids, rowsEach, now);
    const byConnection = new Map<string, { rows: Selectable<JobsTable>[]; runningNow: number }>();
    for (const row of rows) {
      let entry = byConnection.get(row.for_connection);
      if (!entry) {
        entry = { rows: [], runningNow: Number(row.running_now ?? 0) };
        byConnection.set(row.for_connection, entry);
      }
      // A connection without candidates comes back once, with no job (the outer join).
      if (row.id !== null) entry.rows.push(row);
    }
    return byConnection;
  }

  /**
   * Up to `wanted` of a connection's candidates, in order: one job per dedupe key and per serial
   * key across the claim (`seen`, which it adds to). A job whose worker died on every attempt is
   * dead-lettered instead.
   */
  private async pickFrom(
    trx: Transaction<Database>,
    rows: Selectable<JobsTable>[],
    wanted: number,
    seen: PickedKeys,
  ): Promise<Job[]> {
    const picked: Job[] = [];
    for (const row of rows) {
      if (picked.length >= wanted) break;
      const job = toJob(row);
      if (job.dedupeKey !== null) {
        // The earlier of two twins runs first; the later one waits for a later claim.
        if (seen.dedupe.has(job.dedupeKey)) continue;
        seen.dedupe.add(job.dedupeKey);
      }
      if (job.serialKey !== null) {
        if (seen.serial.has(job.serialKey)) continue;
        seen.serial.add(job.serialKey);
      }
      if (job.status === 'running' && job.attempts >= job.maxAttempts) {
        // Its worker died on every attempt: stop feeding it to workers and show it to a person.
        await this.deadLetterIn(trx, job, {
          code: 'worker-lost',
          message: `The worker handling this job stopped ${job.attempts} times before it finished`,
        });
        continue;
      }
      picked.push(job);
    }
    return picked;
  }

  /** Leases the picked jobs, opens their attempts and moves the served connections' turn. */
  private async lease(
    trx: Transaction<Database>,
    picked: Job[],
    served: string[],
    workerId: string,
    leaseUntil: Date,
    now: Date,
  ): Promise<void> {
    if (served.length === 0) return;
    if (picked.length === 0) {
      await trx.updateTable('connections').set({ last_claimed_at: now }).where('id', 'in', served).execute();
      return;
    }
    await trx
      .with('claimed', (db) =>
        db
          .updateTable('jobs')
          .set({
            status: 'running',
            attempts: sql`attempts + 1`,
            lease_owner: workerId,
            lease_until: leaseUntil,
            updated_at: now,
          })
          .where(
            'id',
            'in',
            picked.map((job) => job.id),
          )
          .returning(['id', 'attempts']),
      )
      .with('started', (db) =>
        db
          .insertInto('job_attempts')
          .columns(['job_id', 'attempt', 'worker', 'started_at'])
          .expression((eb) =>
            eb
              .selectFrom('claimed')
              .select([
                'claimed.id',
                'claimed.attempts',
                sql<string>`${workerId}::text`.as('worker'),
                sql<Date>`${now}::timestamptz`.as('started_at'),
              ]),
          ),
      )
      .updateTable('connections')
      .set({ last_claimed_at: now })
      .where('id', 'in', served)
      .execute();
  }

  /** A live worker keeps its jobs by extending their leases well before they run out. */
  async extendLeases(workerId: string, jobIds: string[], leaseMs: number): Promise<number> {
    if (jobIds.length === 0) return 0;
    const now = this.clock.now();
    const result = await this.db
      .updateTable('jobs')
      .set({ lease_until: new Date(now.getTime() + leaseMs) })
      .where('id', 'in', jobIds)
      .where('lease_owner', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Marks finished jobs done, a batch in one statement (a worker collects the jobs that finished
   * in the same tick): the jobs and their attempts are updated together, so no transaction of its
   * own is needed. Same effect as `complete` on each.
   */
  async completeMany(entries: { job: Job; log?: unknown }[]): Promise<void> {
    if (entries.length === 0) return;
    const now = this.clock.now();
    const values = sql.join(
      entries.map(
        (e) =>
          sql`(${Number(e.job.id)}::bigint, ${e.job.attempts}::integer, ${
            e.log === undefined ? null : JSON.stringify(e.log)
          }::text)`,
      ),
    );
    await sql`with v(job_id, attempt, log) as (values ${values}),
      finished as (
        update jobs
        set status = 'done', finished_at = ${now}, updated_at = ${now}, lease_owner = null, lease_until = null
        where id in (select job_id from v) and status = 'running'
      )
      update job_attempts as a
      set finished_at = ${now}, outcome = 'ok', error = null, log = v.log::jsonb
      from v
      where a.job_id = v.job_id and a.attempt = v.attempt and a.finished_at is null`.execute(this.db);
  }

  async complete(job: Job, log?: unknown): Promise<void> {
    await this.completeMany([{ job, log }]);
  }

  /** Records a failed attempt: retry later with backoff, or dead-letter it. */
  async fail(job: Job, error: SyncError, log?: unknown): Promise<FailOutcome> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      await this.finishAttempt(trx, job, error.kind, error.message, log);
      if (error.kind === 'transient' && job.attempts < job.maxAttempts) {
        if (await this.supersededByQueuedTwin(trx, job, now, `Superseded after: ${error.message}`))
          return { outcome: 'retry' as const, runAt: now };
        const delay = backoffDelayMs(job.attempts, this.backoff, this.random, error.retryAfterMs);
        const runAt = new Date(now.getTime() + delay);
        await trx
          .updateTable('jobs')
          .set({
            status: 'queued',
            run_at: runAt,
            last_error: error.message,
            lease_owner: null,
            lease_until: null,
            updated_at: now,
          })
          .where('id', '=', job.id)
          .execute();
        return { outcome: 'retry' as const, runAt };
      }
      const message =
        error.kind === 'transient'
          ? `Gave up after ${job.attempts} attempts: ${error.message}`
          : error.message;
      const deadLetterId = await this.deadLetterIn(trx, job, { code: error.code, message });
      return { outcome: 'dead' as const, deadLetterId };
    });
  }

  /**
   * A job that would go back to the queue while a twin (same dedupe key, enqueued while it ran) is
   * queued: the twin carries the newer state of the same record and will do the work, and the
   * queue holds one queued job per key (a unique index), so this one ends here instead.
   */
  private async supersededByQueuedTwin(
    trx: Transaction<Database>,
    job: Job,
    now: Date,
    note: string,
  ): Promise<boolean> {
    if (job.dedupeKey === null) return false;
    const twin = await trx
      .selectFrom('jobs')
      .select('id')
      .where('dedupe_key', '=', job.dedupeKey)
      .where('status', '=', 'queued')
      .where('id', '<>', job.id)
      .executeTakeFirst();
    if (!twin) return false;
    await trx
      .updateTable('jobs')
      .set({
        status: 'done',
        finished_at: now,
        last_error: `${note} (job ${twin.id} for the same record runs instead)`,
        lease_owner: null,
        lease_until: null,
        updated_at: now,
      })
      .where('id', '=', job.id)
      // Not if its lease ran out and another worker runs it now: that run decides.
      .where('lease_owner', '=', job.leaseOwner)
      .execute();
    return true;
  }

  /** Graceful shutdown: hand an unfinished job back without counting the attempt against it. */
  async release(job: Job): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      if (await this.supersededByQueuedTwin(trx, job, now, 'Released at shutdown')) {
        await this.finishAttempt(trx, job, 'released', 'Released at shutdown', undefined);
        return;
      }
      await trx
        .updateTable('jobs')
        .set({
          status: 'queued',
          attempts: Math.max(0, job.attempts - 1),
          lease_owner: null,
          lease_until: null,
          run_at: now,
          updated_at: now,
        })
        .where('id', '=', job.id)
        .where('lease_owner', '=', job.leaseOwner)
        .where('status', '=', 'running')
        .execute();
      await this.finishAttempt(trx, job, 'released', 'Released at shutdown', undefined);
    });
  }

  /** Puts dead-lettered jobs back in the queue. Returns how many were replayed. */
  async replay(filter: DeadLetterFilter): Promise<number> {
    const letters = await this.openDeadLetters(filter);
    let replayed = 0;
    for (const letter of letters) {
      await this.db.transaction().execute(async (trx) => {
        const now = this.clock.now();
        const job = await trx
          .selectFrom('jobs')
          .selectAll()
          .where('id', '=', letter.job_id)
          .forUpdate()
          .executeTakeFirst();
        const twinQueued =
          job?.dedupe_key &&
          (await trx
            .selectFrom('jobs')
            .select('id')
            .where('dedupe_key', '=', job.dedupe_key)
            .where('status', '=', 'queued')
            .executeTakeFirst());
        if (job && !twinQueued) {
          await trx
            .updateTable('jobs')
            .set({ status: 'queued', attempts: 0, run_at: now, updated_at: now, finished_at: null })
            .where('id', '=', job.id)
            .execute();
        }
        // A queued twin already carries newer state for the same record: that one will do the work.
        await trx
          .updateTable('dead_letters')
          .set({ resolved_at: now, resolution: twinQueued ? 'superseded' : 'replayed' })
          .where('id', '=', letter.id)
          .execute();
      });
      replayed++;
    }
    return replayed;
  }

  /** Marks dead letters as dealt with, without running them again. */
  async skip(filter: DeadLetterFilter): Promise<number> {
    const ids = (await this.openDeadLetters(filter)).map((l) => l.id);
    if (ids.length === 0) return 0;
    await this.db
      .updateTable('dead_letters')
      .set({ resolved_at: this.clock.now(), resolution: 'skipped' })
      .where('id', 'in', ids)
      .execute();
    return ids.length;
  }

  private async openDeadLetters(filter: DeadLetterFilter) {
    let query = this.db.selectFrom('dead_letters').select(['id', 'job_id']).where('resolved_at', 'is', null);
    if (filter.connectionId) query = query.where('connection_id', '=', filter.connectionId);
    if (filter.shopId) query = query.where('shop_id', '=', filter.shopId);
    if (filter.stream) query = query.where('stream', '=', filter.stream);
    if (filter.causeCode) query = query.where('cause_code', '=', filter.causeCode);
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      query = query.where('id', 'in', filter.ids);
    }
    return query.orderBy('id').execute();
  }

  private async deadLetterIn(
    trx: Transaction<Database>,
    job: Job,
    cause: { code: string; message: string },
  ): Promise<string> {
    const now = this.clock.now();
    await trx
      .updateTable('jobs')
      .set({
        status: 'dead',
        last_error: cause.message,
        lease_owner: null,
        lease_until: null,
        updated_at: now,
        finished_at: now,
      })
      .where('id', '=', job.id)
      .execute();
    const letter = await trx
      .insertInto('dead_letters')
      .values({
        job_id: Number(job.id),
        connection_id: job.connectionId,
        shop_id: job.shopId,
        stream: job.stream,
        kind: job.kind,
        entity_key: job.entityKey,
        cause_code: cause.code,
        message: cause.message,
        payload: JSON.stringify(job.payload ?? null),
        attempts: job.attempts,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(letter.id);
  }

  private async finishAttempt(
    trx: Transaction<Database>,
    job: Job,
    outcome: string,
    error: string | null,
    log: unknown,
  ): Promise<void> {
    await trx
      .updateTable('job_attempts')
      .set({
        finished_at: this.clock.now(),
        outcome,
        error,
        log: log === undefined ? null : JSON.stringify(log),
      })
      .where('job_id', '=', job.id)
      .where('attempt', '=', job.attempts)
      .where('finished_at', 'is', null)
      .execute();
  }
}
