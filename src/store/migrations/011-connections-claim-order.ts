// The claim serves ready connections least recently claimed first (src/engine/queue.ts). Without an
// index in that order, every claim counted the lanes in use of every connection and then sorted
// them all: 5 ms a claim with 200 connections on PostgreSQL. With it, the claim walks connections
// in that order and stops at the few it takes (0.5 ms).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index connections_claim_order on connections (last_claimed_at asc nulls first)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('connections_claim_order').ifExists().execute();
}
