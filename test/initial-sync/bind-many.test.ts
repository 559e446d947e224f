import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindArticles } from '../../src/flows/initial-sync/bind-many.ts';
import { BindingRepository } from '../../src/store/bindings.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

describe('bindArticles (many article bindings at once)', () => {
  let store: Store;
  beforeAll(async () => {
    store = openStore({ dataDir: 'memory://' });
    await migrateToLatest(store.db);
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
});
