// The embedded database's own settings: a small buffer pool, since the kernel's page cache already
// holds the pages it reads through Node's file system (see EMBEDDED_SETTINGS in src/store/db.ts),
// on top of PGlite's own start-up settings.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';

describe('the embedded store', () => {
  it('runs with a 32 MB buffer pool and keeps PGlite’s own start-up settings', async () => {
    const store = openStore({ dataDir: 'memory://settings' });
    try {
      const show = async (name: string) =>
        Object.values((await sql.raw(`show ${name}`).execute(store.db)).rows[0] as Record<string, string>)[0];
      expect(await show('shared_buffers')).toBe('32MB');
      expect(await show('search_path')).toBe('public');
      expect(await show('max_parallel_workers')).toBe('0');
    } finally {
      await store.close();
    }
  });
});
