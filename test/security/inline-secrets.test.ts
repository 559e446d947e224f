import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncConnections } from '../../src/app/sync-connections.ts';
import { parseConfigText } from '../../src/config/load.ts';
import { INLINE_SECRET_MARKER } from '../../src/config/strip-secrets.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

describe('secrets written inline in a config file', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore('pglite');
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('never reach the database; references are kept', async () => {
    const text = readFileSync(new URL('../../examples/koppla.yaml', import.meta.url), 'utf8')
      .replace('{ env: ACME_SPECTER_API_USER_KEY }', 'Inline-Api-User-Key-123')
      .replace(
        'auth: { token: { env: ACME_MAGENTO_TOKEN } }',
        'auth: { username: admin, password: Inline-Magento-Pw-456 }',
      );
    const config = parseConfigText(text);
    await syncConnections(store.db, config.connections);
    const stored = JSON.stringify([
      await store.db.selectFrom('connections').selectAll().execute(),
      await store.db.selectFrom('shops').selectAll().execute(),
    ]);
    expect(stored).not.toContain('Inline-Api-User-Key-123');
    expect(stored).not.toContain('Inline-Magento-Pw-456');
    expect(stored).toContain(INLINE_SECRET_MARKER);
    expect(stored).toContain('ACME_SPECTER_INTEGRATION_KEY');
  });
});
