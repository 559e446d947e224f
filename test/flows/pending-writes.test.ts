// markWritten records what a flush wrote, many rows per statement, without ever hiding a newer
// value or a row made due again while the flush ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dueValues,
  makeDue,
  markWritten,
  putValues,
  readValues,
} from '../../src/flows/shared/pending-writes.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe.each(backends)('pending writes on %s', (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => store?.dispose());

  const put = (key: string, qty: number, seq: number, shop = 'a') =>
    putValues(store.db, 'c', shop, 'stock', [{ key, value: { qty }, seq }]);
  const due = async (shop = 'a') =>
    (await dueValues<{ qty: number }>(store.db, 'c', shop, 'stock', 1_000)).map((d) => d.key).sort();

  it('marks what was written, and a stale mark leaves a newer value due', async () => {
    await put('A', 1, 5);
    await put('B', 2, 6);
    await markWritten(store.db, 'c', 'a', 'stock', [
      { key: 'A', seq: 5, value: { qty: 1 } },
      { key: 'B', seq: 6, value: { qty: 2 } },
    ]);
    expect(await due()).toEqual([]);
    await put('A', 3, 7);
    await markWritten(store.db, 'c', 'a', 'stock', [{ key: 'A', seq: 5, value: { qty: 1 } }]);
    expect(await due()).toEqual(['A']);
  });

  it('keeps a row due when it was made due or got a newer value while the flush ran', async () => {
    await put('C', 1, 10);
    await put('D', 1, 11);
    await put('E', 1, 12);
    const read = await dueValues<{ qty: number }>(store.db, 'c', 'a', 'stock', 1_000);
    const seen = new Map(read.map((d) => [d.key, d]));
    // Meanwhile: C's inputs changed elsewhere (made due), D got a newer value; E is untouched.
    await makeDue(store.db, 'c', 'a', 'stock', ['C']);
    await put('D', 2, 13);
    await markWritten(
      store.db,
      'c',
      'a',
      'stock',
      ['C', 'D', 'E'].map((key) => ({
        key,
        seq: seen.get(key)!.seq,
        value: { qty: 1 },
        writtenSeq: seen.get(key)!.writtenSeq,
      })),
    );
    expect(await due()).toEqual(['A', 'C', 'D']);
    const after = await dueValues<{ qty: number }>(store.db, 'c', 'a', 'stock', 1_000);
    // C keeps no written value (the target may have moved); D remembers what was sent.
    expect(after.find((d) => d.key === 'C')!.writtenValue).toBeNull();
    expect(after.find((d) => d.key === 'D')!.writtenValue).toEqual({ qty: 1 });
  });

  it('marks more rows than one statement takes', async () => {
    const keys = Array.from({ length: 1_203 }, (_, i) => `K${i}`);
    await putValues(
      store.db,
      'c',
      'b',
      'stock',
      keys.map((key, i) => ({ key, value: { qty: i }, seq: i + 1 })),
    );
    const read = await dueValues<{ qty: number }>(store.db, 'c', 'b', 'stock', 2_000);
    expect(read).toHaveLength(1_203);
    await markWritten(
      store.db,
      'c',
      'b',
      'stock',
      read.map((d) => ({ key: d.key, seq: d.seq, value: d.value, writtenSeq: d.writtenSeq })),
    );
    expect(await due('b')).toEqual([]);
    const stored = await readValues<{ qty: number }>(store.db, 'c', 'b', 'stock', ['K1202']);
    expect(stored.get('K1202')!.seq).toBe(1_203);
  });
});
