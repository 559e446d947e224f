// A complete Koppla on one machine: both emulators (in this process), the store, the runtime. The
// demo runs on it, and the end-to-end tests build their scenarios on it.
import type { Logger } from 'pino';
import { startMagentoEmulator } from '../../emulators/magento/index.ts';
import { startSpecterEmulator } from '../../emulators/specter/index.ts';
import { Runtime } from '../app/runtime.ts';
import { validateConfig } from '../config/load.ts';
import type { ConnectionConfig, FlowMode } from '../config/schema.ts';
import { buildConnectionFlows } from '../flows/build.ts';
import { createLogger } from '../log/logger.ts';
import { openStore, type Store } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';

export interface EnvironmentOptions {
  flowMode: FlowMode;
  seed?: number;
  /** Articles seeded in Specter (erp-master) or Magento (ecom-master, combo). */
  simpleArticles?: number;
  configurables?: number;
  variantsPerConfigurable?: number;
  storeViews?: number;
  dataDir?: string;
  databaseUrl?: string;
  logger?: Logger;
  /** Change the generated connection config before it is validated. */
  adjustConfig?: (connection: Record<string, unknown>) => void;
  workers?: number;
  feedIntervalMs?: number;
  pollSeconds?: number;
}

export interface Environment {
  magentoUrl: string;
  specterUrl: string;
  connection: ConnectionConfig;
  store: Store;
  runtime: Runtime;
  stop(): Promise<void>;
}

export const DEMO_SBM_ID = 1001;

export function demoConnectionConfig(
  flowMode: FlowMode,
  magentoUrl: string,
  specterUrl: string,
  pollSeconds: number,
): Record<string, unknown> {
  return {
    id: 'demo',
    name: 'Demo AB',
    flowMode,
    specter: {
      url: specterUrl,
      sbmId: DEMO_SBM_ID,
      apiVersion: 'v2',
      apiUserId: 7,
      apiUserKey: 'demo-api-user-key',
      integrationKey: 'demo-integration-key',
    },
    shops: [
      {
        id: 'se',
        magento: { url: magentoUrl, auth: { username: 'admin', password: 'admin123' } },
        storeCode: 'default',
        websiteId: 1,
        webshopId: 1,
        currency: 'SEK',
        language: 'SE',
        eligibleStatuses: ['pending', 'processing'],
        payments: { checkmo: 'I', klarna_kp: 'K', banktransfer: 'PP', swish: 'SW' },
        shipping: { flatrate_flatrate: 'POSTNORD', freeshipping_freeshipping: 'POSTNORD', tablerate_bestway: 'DHL' },
        stock: { warehouses: ['1'], msiSource: 'default' },
        priceLists: [{ priceListId: '1', customerGroupId: 2, websiteId: 0 }],
      },
    ],
    streams: {
      orders: { pollSeconds },
      articles: { pollSeconds },
      stock: { pollSeconds },
    },
    limits: { concurrency: 8 },
  };
}

export async function startEnvironment(options: EnvironmentOptions): Promise<Environment> {
  const seed = options.seed ?? 1;
  const ownsCatalogueInSpecter = options.flowMode === 'erp-master';
  const sizes = {
    simpleArticles: options.simpleArticles ?? 20,
    configurables: options.configurables ?? 4,
    variantsPerConfigurable: options.variantsPerConfigurable ?? 4,
  };
  const specter = await startSpecterEmulator({
    seed,
    sizes: ownsCatalogueInSpecter ? { ...sizes, customers: 5 } : { simpleArticles: 0, configurables: 0, customers: 5 },
    callbackRetryDelaysMs: [200, 1000, 5000],
  });
  const magento = await startMagentoEmulator({
    seed,
    sizes: { ...(ownsCatalogueInSpecter ? {} : sizes), storeViews: options.storeViews ?? 1 },
  });
  const raw = demoConnectionConfig(options.flowMode, magento.url, specter.url, options.pollSeconds ?? 1);
  options.adjustConfig?.(raw);
  const connection = validateConfig({ connections: [raw] }).connections[0]!;

  const store = openStore({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ?? (options.databaseUrl ? undefined : 'memory://'),
  });
  await migrateToLatest(store.db);
  const logger = options.logger ?? createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const runtime = new Runtime({
    store,
    connections: [connection],
    logger,
    workers: options.workers ?? 1,
    concurrencyPerWorker: 8,
    buildFlows: (c, rt) => buildConnectionFlows(c, rt, { feedIntervalMs: options.feedIntervalMs ?? 1_000 }),
  });
  await runtime.start();
  return {
    magentoUrl: magento.url,
    specterUrl: specter.url,
    connection,
    store,
    runtime,
    async stop() {
      await runtime.stop(2_000);
      await store.close();
      await magento.close();
      await specter.close();
    },
  };
}
