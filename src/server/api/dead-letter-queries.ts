// Open dead letters grouped by what caused them ("unknown-sku: 14 orders"), with a few examples
// per group so a person can see what the group is about before retrying it.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { redactString } from './redact.ts';

export interface DeadLetterView {
  id: string;
  connectionId: string;
  shopId: string;
  stream: string;
  kind: string;
  entityKey: string;
  causeCode: string;
  message: string;
  attempts: number;
  createdAt: string;
}

type LetterRow = {
  id: string;
  connection_id: string;
  shop_id: string;
  stream: string;
  kind: string;
  entity_key: string;
  cause_code: string;
  message: string;
  attempts: number;
  created_at: Date;
};

function toView(row: LetterRow): DeadLetterView {
  return {
    id: String(row.id),
    connectionId: row.connection_id,
    shopId: row.shop_id,
    stream: row.stream,
    kind: row.kind,
    entityKey: row.entity_key,
    causeCode: row.cause_code,
    message: redactString(row.message),
    attempts: row.attempts,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const COLUMNS = [
  'id',
  'connection_id',
  'shop_id',
  'stream',
  'kind',
  'entity_key',
  'cause_code',
  'message',
  'attempts',
  'created_at',
] as const;

/**
 * `allowed`: the connections the caller may see (undefined: all). Filtering happens in SQL so the
 * counts and examples never include another tenant's letters.
 */
export async function deadLetterGroups(
  db: Kysely<Database>,
  connectionId?: string,
  examples = 5,
  allowed?: string[],
) {
  if (allowed?.length === 0) return [];
  let groupsQuery = db
    .selectFrom('dead_letters')
    .select((eb) => [
      'connection_id',
      'cause_code',
      eb.fn.countAll<string>().as('n'),
      eb.fn.min('created_at').as('first_at'),
      eb.fn.max('created_at').as('last_at'),
      sql<string[]>`array_agg(distinct stream)`.as('streams'),
      sql<string[]>`array_agg(distinct shop_id)`.as('shops'),
    ])
    .where('resolved_at', 'is', null)
    .groupBy(['connection_id', 'cause_code'])
    .orderBy('n', 'desc')
    .orderBy('connection_id')
    .orderBy('cause_code');
  if (connectionId) groupsQuery = groupsQuery.where('connection_id', '=', connectionId);
  if (allowed) groupsQuery = groupsQuery.where('connection_id', 'in', allowed);
  const groups = await groupsQuery.execute();

  let examplesQuery = db
    .selectFrom((eb) =>
      eb
        .selectFrom('dead_letters')
        .select([
          ...COLUMNS,
          sql<number>`row_number() over (partition by connection_id, cause_code order by id desc)`.as('rank'),
        ])
        .where('resolved_at', 'is', null)
        .as('ranked'),
    )
    .select(COLUMNS)
    .where('rank', '<=', examples);
  if (connectionId) examplesQuery = examplesQuery.where('connection_id', '=', connectionId);
  if (allowed) examplesQuery = examplesQuery.where('connection_id', 'in', allowed);
  const rows = await examplesQuery.orderBy('id', 'desc').execute();

  return groups.map((g) => ({
    connectionId: g.connection_id,
    causeCode: g.cause_code,
    count: Number(g.n),
    streams: g.streams,
    shops: g.shops,
    firstAt: new Date(g.first_at).toISOString(),
    lastAt: new Date(g.last_at).toISOString(),
    examples: rows
      .filter((r) => r.connection_id === g.connection_id && r.cause_code === g.cause_code)
      .map((r) => toView(r as LetterRow)),
  }));
}

export async function openDeadLetters(
  db: Kysely<Database>,
  filter: { connectionId?: string; causeCode?: string; limit: number; allowed?: string[] },
): Promise<DeadLetterView[]> {
  if (filter.allowed?.length === 0) return [];
  let query = db.selectFrom('dead_letters').select(COLUMNS).where('resolved_at', 'is', null);
  if (filter.connectionId) query = query.where('connection_id', '=', filter.connectionId);
  if (filter.allowed) query = query.where('connection_id', 'in', filter.allowed);
  if (filter.causeCode) query = query.where('cause_code', '=', filter.causeCode);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => toView(r as LetterRow));
}

/** Whether a dead letter is open (undefined when there is none) and whose it is. */
export async function deadLetterState(
  db: Kysely<Database>,
  id: string,
): Promise<{ open: boolean; connectionId: string } | undefined> {
  const row = await db
    .selectFrom('dead_letters')
    .select(['resolved_at', 'connection_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { open: row.resolved_at === null, connectionId: row.connection_id } : undefined;
}
