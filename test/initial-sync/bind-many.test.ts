import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BindingWriter, bindArticles } from '../../src/flows/initial-sync/bind-many.ts';
import { BindingRepository } from '../../src/store/bindings.ts';
import type { Store } from '../../src/store/db.ts';
import { freshMemoryStore } from '../../src/store/fresh-memory-store.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe('bindArticles (many article bindings at once)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await freshMemoryStore();
  });
  afterAll(() => store.close());

  it('binds new pairs, keeps existing ones with their state, and reports a SKU bound elsewhere', async () => {
    const bindings = new BindingRepository(store.db);
    await bindings.bind({
      connectionId: 'c1',
      entityType: 'article',
      shopId: 'se',
      magentoKey: 'SAME',
      specterKey: 'SAME',
      state: { kept: true },
    });
    await bindings.bind({
      connectionId: 'c1',
      entityType: 'article',
      shopId: 'se',
      magentoKey: 'TAKEN',
      specterKey: 'OTHER',
    });
    const many = Array.from({ length: 2_500 }, (_, i) => ({
      sku: `NEW-${i}`,
      state: { parentSku: i % 2 ? 'P-1' : undefined },
    }));
    const refused = await bindArticles(store.db, 'c1', 'se', [
      ...many,
      { sku: 'SAME', state: { kept: false } },
      { sku: 'TAKEN', state: {} },
      { sku: 'Ålesund ✓', state: null },
    ]);
    expect(refused).toEqual(['TAKEN']);
    expect((await bindings.byMagentoKey('c1', 'article', 'se', 'SAME'))?.state).toEqual({ kept: true });
    expect((await bindings.byMagentoKey('c1', 'article', 'se', 'TAKEN'))?.specterKey).toBe('OTHER');
    expect((await bindings.byMagentoKey('c1', 'article', 'se', 'NEW-1'))?.state).toEqual({
      parentSku: 'P-1',
    });
    expect((await bindings.byMagentoKey('c1', 'article', 'se', 'Ålesund ✓'))?.specterKey).toBe('Ålesund ✓');
    expect(await bindings.list('c1', 'article', 'se')).toHaveLength(2_500 + 3);
    // Another shop's bindings are its own.
    expect(await bindArticles(store.db, 'c1', 'no', [{ sku: 'TAKEN', state: {} }])).toEqual([]);
  });

  it('BindingWriter binds in chunks while adding, takes back failed SKUs and counts what stayed', async () => {
    const bindings = new BindingRepository(store.db);
    await bindings.bind({
      connectionId: 'c2',
      entityType: 'article',
      shopId: 'se',
      magentoKey: 'ELSEWHERE',
      specterKey: 'X-1',
    });
    const writer = new BindingWriter(store.db, 'c2', 'se', 100);
    for (let i = 0; i < 250; i++) writer.add({ sku: `W-${i}`, state: {} });
    writer.add({ sku: 'ELSEWHERE', state: {} });
    await writer.unbind(['W-7', 'W-240', 'ELSEWHERE', 'NEVER-ADDED']);
    const { bound, refused } = await writer.finish();
    expect(refused).toEqual(['ELSEWHERE']);
    expect(bound).toBe(248);
    const stored = (await bindings.list('c2', 'article', 'se')).map((b) => b.magentoKey);
    expect(stored).toHaveLength(249);
    expect(stored).not.toContain('W-7');
    expect(stored).not.toContain('W-240');
    // Somebody else's binding is never taken back.
    expect((await bindings.byMagentoKey('c2', 'article', 'se', 'ELSEWHERE'))?.specterKey).toBe('X-1');
  });

  it('BindingWriter reports a failed write when finishing, not as a crash while adding', async () => {
    const closed = await freshMemoryStore();
    await closed.close();
    const writer = new BindingWriter(closed.db, 'c3', 'se', 1);
    writer.add({ sku: 'LOST', state: {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(writer.finish()).rejects.toThrow();
  });
});

describe.each(backends)('bindArticles with plain inserts first (%s)', (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(() => store.dispose());

  it('binds unbound chunks with a plain insert and falls back for good once a chunk meets a binding', async () => {
    const bindings = new BindingRepository(store.db);
    const options = { expectUnbound: true };
    const first = Array.from({ length: 2_100 }, (_, i) => ({ sku: `A-${i}`, state: { n: i } }));
    expect(await bindArticles(store.db, 'c1', 'se', first, options)).toEqual([]);
    expect(options.expectUnbound).toBe(true);
    expect(await bindings.list('c1', 'article', 'se')).toHaveLength(2_100);

    await bindings.bind({
      connectionId: 'c1',
      entityType: 'article',
      shopId: 'se',
      magentoKey: 'TAKEN',
      specterKey: 'OTHER',
    });
    // A-5 is bound already (same pair: kept with its state), TAKEN is bound elsewhere, NEW-1 comes
    // twice in the chunk: the plain insert fails and stores nothing, the careful path stores the rest.
    const second = [
      { sku: 'NEW-1', state: { n: 'first' } },
      { sku: 'A-5', state: { n: 'changed' } },
      { sku: 'TAKEN', state: {} },
      { sku: 'NEW-2', state: null },
      { sku: 'NEW-1', state: { n: 'again' } },
    ];
    expect(await bindArticles(store.db, 'c1', 'se', second, options)).toEqual(['TAKEN']);
    expect(options.expectUnbound).toBe(false);
    expect((await bindings.byMagentoKey('c1', 'article', 'se', 'A-5'))?.state).toEqual({ n: 5 });
    expect((await bindings.byMagentoKey('c1', 'article', 'se', 'NEW-1'))?.state).toEqual({ n: 'first' });
    expect((await bindings.byMagentoKey('c1', 'article', 'se', 'TAKEN'))?.specterKey).toBe('OTHER');
    expect(await bindings.list('c1', 'article', 'se')).toHaveLength(2_100 + 3);
  });
});
