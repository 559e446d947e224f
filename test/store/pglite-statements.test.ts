import { PGlite } from '@electric-sql/pglite';
import { type Generated, Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PreparingPGliteDialect } from '../../src/store/pglite-dialect.ts';
import { NamedStatements } from '../../src/store/pglite-statements.ts';

/** Names of the statements prepared in this session. */
async function preparedNames(lite: PGlite): Promise<string[]> {
  const { rows } = await lite.query<{ name: string }>(
    'select name from pg_prepared_statements order by name',
  );
  return rows.map((row) => row.name);
}

describe('embedded store: named prepared statements', () => {
  // One database for the file (starting one takes seconds): each test starts from a new table and
  // no prepared statements.
  let lite: PGlite;
  beforeAll(() => {
    lite = new PGlite('memory://');
  });
  afterAll(async () => {
    await lite.close();
  });
  beforeEach(async () => {
    await lite.exec(`deallocate all; drop table if exists items;
      create table items (id bigserial primary key, sku text unique not null,
      at timestamptz, doc jsonb, qty integer, price numeric, active boolean)`);
  });

  const insert = `insert into items (sku, at, doc, qty, price, active) values ($1, $2, $3, $4, $5, $6)
    returning id, sku, at, doc, qty, price, active`;

  it('prepares a statement on its second run and answers as PGlite query does, every parameter type', async () => {
    const statements = new NamedStatements(lite);
    const at = new Date('2026-12-07T10:00:00.000Z');
    const first = await statements.query(insert, ['A-1', at, JSON.stringify({ a: 1 }), 3, '9.50', true]);
    expect(statements.size).toBe(0);
    expect(await preparedNames(lite)).toEqual([]);
    const second = await statements.query(insert, ['A-2', at, { b: [1, 2] }, null, 10, false]);
    expect(statements.size).toBe(1);
    expect(await preparedNames(lite)).toEqual(['koppla_1']);
    const third = await statements.query(insert, ['A-3', null, null, 7, null, null]);
    expect(await preparedNames(lite)).toEqual(['koppla_1']);

    expect(first.rows).toEqual([
      { id: 1, sku: 'A-1', at, doc: { a: 1 }, qty: 3, price: '9.50', active: true },
    ]);
    expect(second.rows).toEqual([
      { id: 2, sku: 'A-2', at, doc: { b: [1, 2] }, qty: null, price: '10', active: false },
    ]);
    expect(third.rows).toEqual([
      { id: 3, sku: 'A-3', at: null, doc: null, qty: 7, price: null, active: null },
    ]);
    expect(third.affectedRows).toBe(1);
    // The same rows as PGlite's own query reads them.
    const direct = await lite.query('select id, sku, at, doc, qty, price, active from items order by id');
    expect(direct.rows).toEqual([...first.rows, ...second.rows, ...third.rows]);
  });

  it('keeps a failing statement an error with its code and the session usable', async () => {
    const statements = new NamedStatements(lite);
    const row = (sku: string) => [sku, null, null, 1, null, null];
    await statements.query(insert, row('B-1'));
    await statements.query(insert, row('B-2'));
    await expect(statements.query(insert, row('B-1'))).rejects.toMatchObject({ code: '23505' });
    const after = await statements.query(insert, row('B-3'));
    expect(after.rows[0]).toMatchObject({ sku: 'B-3' });
    // A statement PostgreSQL cannot parse is not kept.
    const broken = 'select nothing from nowhere where $1';
    await expect(statements.query(broken, [1])).rejects.toMatchObject({ code: '42P01' });
    await expect(statements.query(broken, [1])).rejects.toMatchObject({ code: '42P01' });
    expect(statements.size).toBe(1);
  });

  it('prepares again a statement whose result changed shape under it', async () => {
    const statements = new NamedStatements(lite);
    await lite.query(`insert into items (sku) values ('C-1')`);
    const all = 'select * from items where sku = $1';
    await statements.query(all, ['C-1']);
    expect(Object.keys((await statements.query(all, ['C-1'])).rows[0] as object)).not.toContain('note');
    await lite.exec(`alter table items add column note text default 'n'`);
    const rows = (await statements.query(all, ['C-1'])).rows;
    expect(rows).toEqual([expect.objectContaining({ sku: 'C-1', note: 'n' })]);
  });

  it('inside a transaction, fails the statement that changed shape and prepares it anew for the next run', async () => {
    const statements = new NamedStatements(lite);
    await lite.query(`insert into items (sku) values ('E-1')`);
    const all = 'select * from items where sku = $1';
    await statements.query(all, ['E-1']);
    await statements.query(all, ['E-1']);
    await lite.exec(`alter table items add column note text default 'n'`);
    await statements.query('begin', []);
    await expect(statements.query(all, ['E-1'])).rejects.toMatchObject({ code: '0A000' });
    await statements.query('rollback', []);
    expect((await statements.query(all, ['E-1'])).rows).toEqual([expect.objectContaining({ note: 'n' })]);
  });

  it('leaves transaction control and maintenance unnamed, and plans upserts with their values', async () => {
    const statements = new NamedStatements(lite);
    // The arbiter is a partial unique index whose predicate comes as a parameter, as the enqueue's:
    // a generic plan (which PostgreSQL may pick after five runs) cannot match it to the index.
    await lite.exec(`alter table items add column code text;
      create unique index items_code_active on items (code) where active = true`);
    const upsert = `insert into items (sku, code, active, qty) values ($1, $2, true, 1)
      on conflict (code) where active = $3 do update set qty = items.qty + 1 returning qty`;
    for (let i = 0; i < 8; i++) {
      await statements.query('begin', []);
      await statements.query(upsert, [`F-${i}`, 'F', true]);
      await statements.query('commit', []);
      await statements.query('vacuum items', []);
    }
    expect(statements.size).toBe(1);
    expect(await preparedNames(lite)).toEqual(['koppla_1']);
    expect((await lite.query('select qty from items')).rows).toEqual([{ qty: 8 }]);
  });

  it('closes the least recently used statement beyond its capacity', async () => {
    const statements = new NamedStatements(lite, { capacity: 2 });
    const texts = ['select $1::int + 1 as n', 'select $1::int + 2 as n', 'select $1::int + 3 as n'];
    for (const text of texts) {
      await statements.query(text, [1]);
      await statements.query(text, [1]);
    }
    expect(await preparedNames(lite)).toEqual(['koppla_2', 'koppla_3']);
    // The first is run through PGlite query again, then prepared anew.
    expect((await statements.query(texts[0]!, [1])).rows).toEqual([{ n: 2 }]);
    expect((await statements.query(texts[0]!, [1])).rows).toEqual([{ n: 2 }]);
    expect(await preparedNames(lite)).toEqual(['koppla_3', 'koppla_4']);
  });

  it('serves Kysely: transactions commit and roll back through prepared statements', async () => {
    const db = new Kysely<{ items: { id: Generated<number>; sku: string; qty: number | null } }>({
      dialect: new PreparingPGliteDialect(lite),
    });
    for (const sku of ['D-1', 'D-2', 'D-3']) {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ sku, qty: 1 }).execute();
      });
    }
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ sku: 'D-4', qty: 1 }).execute();
        await trx.insertInto('items').values({ sku: 'D-1', qty: 1 }).execute();
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const updated = await db
      .updateTable('items')
      .set({ qty: 2 })
      .where('sku', 'in', ['D-1', 'D-2'])
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);
    const rows = await db.selectFrom('items').select(['sku', 'qty']).orderBy('sku').execute();
    expect(rows).toEqual([
      { sku: 'D-1', qty: 2 },
      { sku: 'D-2', qty: 2 },
      { sku: 'D-3', qty: 1 },
    ]);
    // The insert ran often enough to be prepared (begin and commit stay unnamed).
    expect((await preparedNames(lite)).length).toBeGreaterThanOrEqual(1);
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
  });
});
