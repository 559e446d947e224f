// Both emulators and a connection config pointing at them, for the initial-sync tests.
import { startMagentoEmulator } from '../../emulators/magento/index.ts';
import { startSpecterEmulator } from '../../emulators/specter/index.ts';
import { validateConfig } from '../../src/config/load.ts';
import type { ConnectionConfig } from '../../src/config/schema.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { DEMO_SBM_ID, demoConnectionConfig, demoShopConfig, planShops } from '../../src/demo/environment.ts';
import type { Store } from '../../src/store/db.ts';
import { freshMemoryStore } from '../../src/store/fresh-memory-store.ts';

export interface SyncSetup {
  magentoUrl: string;
  specterUrl: string;
  connection: ConnectionConfig;
  store: Store;
  /** Requests each emulator saw that change state (Magento: non-GET except log-in; Specter: write actions). */
  writes(): Promise<{ magento: number; specter: number }>;
  close(): Promise<void>;
}

export const catalogue = { simpleArticles: 12, configurables: 3, variantsPerConfigurable: 4 };

export async function startSyncSetup(catalogueIn: 'specter' | 'magento'): Promise<SyncSetup> {
  const specter = await startSpecterEmulator({
    sizes:
      catalogueIn === 'specter'
        ? { ...catalogue, customers: 0 }
        : { simpleArticles: 0, configurables: 0, customers: 0 },
  });
  const magento = await startMagentoEmulator({ sizes: catalogueIn === 'magento' ? catalogue : {} });
  const plan = planShops(1);
  const raw = demoConnectionConfig(
    catalogueIn === 'specter' ? 'erp-master' : 'ecom-master',
    [demoShopConfig(plan[0]!, magento.url)],
    specter.url,
    60,
  );
  const connection = validateConfig({ connections: [raw] }).connections[0]!;
  const store = await freshMemoryStore();
  return {
    magentoUrl: magento.url,
    specterUrl: specter.url,
    connection,
    store,
    async writes() {
      const m = await controlCall<{ byRoute: Record<string, number> }>(magento.url, 'GET', '/requests');
      const s = await controlCall<{ byAction: Record<string, number> }>(specter.url, 'GET', '/requests');
      const magentoWrites = Object.entries(m.byRoute)
        .filter(([route]) => !route.startsWith('GET ') && route !== 'POST /V1/integration/admin/token')
        .reduce((sum, [, n]) => sum + n, 0);
      const specterWrites = Object.entries(s.byAction)
        .filter(([action]) => /submit|^update|register/i.test(action))
        .reduce((sum, [, n]) => sum + n, 0);
      return { magento: magentoWrites, specter: specterWrites };
    },
    async close() {
      await store.close();
      await magento.close();
      await specter.close();
    },
  };
}

export const sbmId = DEMO_SBM_ID;
