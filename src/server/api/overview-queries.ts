// The numbers behind the overview page, read straight from the queue tables: per connection, shop
// and stream, when it last succeeded, how far behind it is, and how often it failed lately.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface StreamStats {
  lastSuccessAt: Date | null;
  oldestQueuedAt: Date | null;
  backlog: number;
  running: number;
  failedAttemptsHour: number;
  failedAttemptsDay: number;
  deadLettersHour: number;
  deadLettersDay: number;
  openDeadLetters: number;
}

export const emptyStats = (): StreamStats => ({
  lastSuccessAt: null,
  oldestQueuedAt: null,
  backlog: 0,
  running: 0,
  failedAttemptsHour: 0,
  failedAttemptsDay: 0,
  deadLettersHour: 0,
  deadLettersDay: 0,
  openDeadLetters: 0,
});

export const statsKey = (connectionId: string, shopId: string, stream: string) =>
  `${connectionId}\u0000${shopId}\u0000${stream}`;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Outcomes of job_attempts that are not failures. */
const NOT_FAILED = ['ok', 'released'];

export async function streamStats(db: Kysely<Database>, now: Date): Promise<Map<string, StreamStats>> {
  const hourAgo = new Date(now.getTime() - HOUR);
  const dayAgo = new Date(now.getTime() - DAY);
  const stats = new Map<string, StreamStats>();
  const at = (c: string, s: string, st: string) => {
    const key = statsKey(c, s, st);
    let entry = stats.get(key);
    if (!entry) {
      entry = emptyStats();
      stats.set(key, entry);
    }
    return entry;
  };

  const jobs = await db
    .selectFrom('jobs')
    .select((eb) => [
      'connection_id',
      'shop_id',
      'stream',
      eb.fn.max('finished_at').filterWhere('status', '=', 'done').as('last_success'),
      eb.fn.min('created_at').filterWhere('status', '=', 'queued').as('oldest_queued'),
      eb.fn.count<string>('id').filterWhere('status', '=', 'queued').as('backlog'),
      eb.fn.count<string>('id').filterWhere('status', '=', 'running').as('running'),
    ])
    .groupBy(['connection_id', 'shop_id', 'stream'])
    .execute();
  for (const row of jobs) {
    const entry = at(row.connection_id, row.shop_id, row.stream);
    entry.lastSuccessAt = row.last_success ? new Date(row.last_success) : null;
    entry.oldestQueuedAt = row.oldest_queued ? new Date(row.oldest_queued) : null;
    entry.backlog = Number(row.backlog);
    entry.running = Number(row.running);
  }

  const attempts = await db
    .selectFrom('job_attempts as a')
    .innerJoin('jobs as j', 'j.id', 'a.job_id')
    .select((eb) => [
      'j.connection_id',
      'j.shop_id',
      'j.stream',
      eb.fn.count<string>('a.id').filterWhere('a.finished_at', '>=', hourAgo).as('hour'),
      eb.fn.count<string>('a.id').as('day'),
    ])
    .where('a.finished_at', '>=', dayAgo)
    .where('a.outcome', 'not in', NOT_FAILED)
    .groupBy(['j.connection_id', 'j.shop_id', 'j.stream'])
    .execute();
  for (const row of attempts) {
    const entry = at(row.connection_id, row.shop_id, row.stream);
    entry.failedAttemptsHour = Number(row.hour);
    entry.failedAttemptsDay = Number(row.day);
  }

  const letters = await db
    .selectFrom('dead_letters')
    .select((eb) => [
      'connection_id',
      'shop_id',
      'stream',
      eb.fn.count<string>('id').filterWhere('created_at', '>=', hourAgo).as('hour'),
      eb.fn.count<string>('id').filterWhere('created_at', '>=', dayAgo).as('day'),
      eb.fn.count<string>('id').filterWhere('resolved_at', 'is', null).as('open'),
    ])
    .where((eb) => eb.or([eb('created_at', '>=', dayAgo), eb('resolved_at', 'is', null)]))
    .groupBy(['connection_id', 'shop_id', 'stream'])
    .execute();
  for (const row of letters) {
    const entry = at(row.connection_id, row.shop_id, row.stream);
    entry.deadLettersHour = Number(row.hour);
    entry.deadLettersDay = Number(row.day);
    entry.openDeadLetters = Number(row.open);
  }
  return stats;
}

/** Done jobs per minute over the last `minutes`, per connection and shop, oldest minute first. */
export async function throughputSeries(
  db: Kysely<Database>,
  now: Date,
  minutes = 60,
): Promise<Map<string, number[]>> {
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  const start = new Date(end - (minutes - 1) * 60_000);
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => [
      'connection_id',
      'shop_id',
      sql<Date>`date_trunc('minute', finished_at)`.as('minute'),
      eb.fn.countAll<string>().as('n'),
    ])
    .where('status', '=', 'done')
    .where('finished_at', '>=', start)
    .groupBy(['connection_id', 'shop_id', sql`date_trunc('minute', finished_at)`])
    .execute();
  const series = new Map<string, number[]>();
  for (const row of rows) {
    const key = `${row.connection_id}\u0000${row.shop_id}`;
    const values = series.get(key) ?? new Array<number>(minutes).fill(0);
    const index = Math.round((new Date(row.minute).getTime() - start.getTime()) / 60_000);
    if (index >= 0 && index < minutes) values[index] = (values[index] ?? 0) + Number(row.n);
    series.set(key, values);
  }
  return series;
}
