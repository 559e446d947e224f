// Finding records (by order number, SKU, Specter number or customer e-mail) and reading one
// record's whole journey: timeline events, the attempts of its jobs with their requests and
// responses, its dead letters, and its bindings on both sides.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { redactDeep } from './redact.ts';

export interface RecordRef {
  connectionId: string;
  shopId: string;
  entityType: string;
  entityKey: string;
}

export interface SearchHit extends RecordRef {
  matchedBy: string;
  lastSeenAt: string | null;
}

/** The streams of a record's jobs; `jobs_entity` (migration 012) indexes these streams' jobs by key. */
const STREAM_BY_ENTITY: Record<string, string[]> = {
  order: ['orders', 'orderStatus'],
  article: ['articles'],
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `allowed`: the connections the caller may see (undefined: all), applied in every query. */
export async function searchRecords(
  db: Kysely<Database>,
  query: string,
  limit = 50,
  allowed?: string[],
): Promise<SearchHit[]> {
  const q = query.trim();
  if (!q || allowed?.length === 0) return [];
  const hits = new Map<string, SearchHit>();
  const add = (ref: RecordRef, matchedBy: string, at: Date | null) => {
    const key = [ref.connectionId, ref.shopId, ref.entityType, ref.entityKey].join('\u0000');
    const existing = hits.get(key);
    const iso = at ? new Date(at).toISOString() : null;
    if (!existing) hits.set(key, { ...ref, matchedBy, lastSeenAt: iso });
    else if (iso && (!existing.lastSeenAt || iso > existing.lastSeenAt)) existing.lastSeenAt = iso;
  };

  if (q.includes('@')) {
    // E-mail addresses live in the timeline's messages and data (the customer step).
    const pattern = `%${escapeLike(q)}%`;
    const rows = await db
      .selectFrom('events')
      .select(['connection_id', 'shop_id', 'entity_type', 'entity_key', (eb) => eb.fn.max('at').as('at')])
      .where((eb) => eb.or([eb('message', 'ilike', pattern), eb(sql`cast(data as text)`, 'ilike', pattern)]))
      .$if(allowed !== undefined, (qb) => qb.where('connection_id', 'in', allowed!))
      .groupBy(['connection_id', 'shop_id', 'entity_type', 'entity_key'])
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    for (const r of rows) add(toRef(r), 'customer e-mail', r.at);
    return [...hits.values()];
  }

  const exact = await db
    .selectFrom('events')
    .select(['connection_id', 'shop_id', 'entity_type', 'entity_key', (eb) => eb.fn.max('at').as('at')])
    .where((eb) => eb.or([eb('entity_key', '=', q), eb('entity_key', 'ilike', `${escapeLike(q)}%`)]))
    .$if(allowed !== undefined, (qb) => qb.where('connection_id', 'in', allowed!))
    .groupBy(['connection_id', 'shop_id', 'entity_type', 'entity_key'])
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  for (const r of exact) add(toRef(r), r.entity_type === 'order' ? 'order number' : 'SKU / key', r.at);

  const bound = await db
    .selectFrom('bindings')
    .select(['connection_id', 'shop_id', 'entity_type', 'magento_key', 'specter_key', 'updated_at'])
    .where((eb) => eb.or([eb('magento_key', '=', q), eb('specter_key', '=', q)]))
    .$if(allowed !== undefined, (qb) => qb.where('connection_id', 'in', allowed!))
    .limit(limit)
    .execute();
  for (const r of bound) {
    add(
      {
        connectionId: r.connection_id,
        shopId: r.shop_id,
        entityType: r.entity_type,
        entityKey: r.magento_key,
      },
      r.specter_key === q && r.magento_key !== q ? 'Specter number' : 'binding',
      r.updated_at,
    );
  }

  const letters = await db
    .selectFrom('dead_letters')
    .select(['connection_id', 'shop_id', 'stream', 'entity_key', 'created_at'])
    .where('entity_key', '=', q)
    .$if(allowed !== undefined, (qb) => qb.where('connection_id', 'in', allowed!))
    .limit(limit)
    .execute();
  for (const r of letters) {
    const entityType = r.stream === 'orders' ? 'order' : r.stream === 'articles' ? 'article' : r.stream;
    add(
      { connectionId: r.connection_id, shopId: r.shop_id, entityType, entityKey: r.entity_key },
      'dead letter',
      r.created_at,
    );
  }
  return [...hits.values()].slice(0, limit);
}

function toRef(r: {
  connection_id: string;
  shop_id: string;
  entity_type: string;
  entity_key: string;
}): RecordRef {
  return {
    connectionId: r.connection_id,
    shopId: r.shop_id,
    entityType: r.entity_type,
    entityKey: r.entity_key,
  };
}

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** A record's jobs of any status, by its key, on its streams (read through `jobs_entity`). */
export function recordJobsQuery(
  db: Kysely<Database>,
  ref: Omit<RecordRef, 'shopId'> & { shopId?: string },
  streams: string[],
) {
  return db
    .selectFrom('jobs')
    .select('id')
    .where('connection_id', '=', ref.connectionId)
    .where('entity_key', '=', ref.entityKey)
    .where('stream', 'in', streams)
    .$if(ref.shopId !== undefined, (qb) => qb.where('shop_id', 'in', [ref.shopId!, '']));
}

export async function recordJourney(
  db: Kysely<Database>,
  ref: Omit<RecordRef, 'shopId'> & { shopId?: string },
) {
  let eventsQuery = db
    .selectFrom('events')
    .selectAll()
    .where('connection_id', '=', ref.connectionId)
    .where('entity_type', '=', ref.entityType)
    .where('entity_key', '=', ref.entityKey);
  if (ref.shopId !== undefined) eventsQuery = eventsQuery.where('shop_id', '=', ref.shopId);
  const events = await eventsQuery.orderBy('at').orderBy('id').execute();

  // The record's jobs: those its events name, and those queued for its key on its streams.
  const jobIds = new Set(events.flatMap((e) => (e.job_id === null ? [] : [String(e.job_id)])));
  const streams = STREAM_BY_ENTITY[ref.entityType];
  if (streams) {
    for (const row of await recordJobsQuery(db, ref, streams).execute()) jobIds.add(String(row.id));
  }
  const ids = [...jobIds];
  const jobs = ids.length
    ? await db.selectFrom('jobs').selectAll().where('id', 'in', ids).orderBy('id').execute()
    : [];
  const attempts = ids.length
    ? await db
        .selectFrom('job_attempts')
        .selectAll()
        .where('job_id', 'in', ids)
        .orderBy('job_id')
        .orderBy('attempt')
        .execute()
    : [];
  const letters = ids.length
    ? await db.selectFrom('dead_letters').selectAll().where('job_id', 'in', ids).orderBy('id').execute()
    : [];

  let bindingsQuery = db
    .selectFrom('bindings')
    .selectAll()
    .where('connection_id', '=', ref.connectionId)
    .where('entity_type', '=', ref.entityType)
    .where((eb) => eb.or([eb('magento_key', '=', ref.entityKey), eb('specter_key', '=', ref.entityKey)]));
  if (ref.shopId !== undefined) bindingsQuery = bindingsQuery.where('shop_id', 'in', [ref.shopId, '']);
  const bindings = await bindingsQuery.execute();

  return {
    record: ref,
    events: events.map((e) => ({
      id: String(e.id),
      at: iso(e.at),
      shopId: e.shop_id,
      kind: e.kind,
      message: redactDeep(e.message),
      jobId: e.job_id === null ? null : String(e.job_id),
      data: redactDeep(e.data),
    })),
    jobs: jobs.map((j) => ({
      id: String(j.id),
      shopId: j.shop_id,
      stream: j.stream,
      kind: j.kind,
      status: j.status,
      attempts: j.attempts,
      maxAttempts: j.max_attempts,
      runAt: iso(j.run_at),
      lastError: j.last_error === null ? null : redactDeep(j.last_error),
      createdAt: iso(j.created_at),
      finishedAt: iso(j.finished_at),
      log: attempts
        .filter((a) => String(a.job_id) === String(j.id))
        .map((a) => ({
          attempt: a.attempt,
          worker: a.worker,
          startedAt: iso(a.started_at),
          finishedAt: iso(a.finished_at),
          outcome: a.outcome,
          error: a.error === null ? null : redactDeep(a.error),
          requests: redactDeep(a.log ?? []),
        })),
    })),
    deadLetters: letters.map((l) => ({
      id: String(l.id),
      jobId: String(l.job_id),
      causeCode: l.cause_code,
      message: redactDeep(l.message),
      createdAt: iso(l.created_at),
      resolvedAt: iso(l.resolved_at),
      resolution: l.resolution,
    })),
    bindings: bindings.map((b) => ({
      shopId: b.shop_id,
      entityType: b.entity_type,
      magentoKey: b.magento_key,
      specterKey: b.specter_key,
      state: redactDeep(b.state),
      createdAt: iso(b.created_at),
      updatedAt: iso(b.updated_at),
    })),
  };
}
