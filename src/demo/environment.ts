// A complete Koppla on one machine: both emulators (in this process), the store, the runtime. The
// demo runs on it, and the end-to-end tests build their scenarios on it.
import type { Logger } from 'pino';
import { type RunningMagentoEmulator, startMagentoEmulator } from '../../emulators/magento/index.ts';
import { DEFAULT_ACCOUNT, startSpecterEmulator } from '../../emulators/specter/index.ts';
import { Runtime } from '../app/runtime.ts';
import { validateConfig } from '../config/load.ts';
import type { ConnectionConfig, FlowMode } from '../config/schema.ts';
import { buildConnectionFlows } from '../flows/build.ts';
import { createLogger } from '../log/logger.ts';
import { openStore, type Store } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { loadKeyring, type SecretKey, SecretStore } from '../store/secrets.ts';
import { controlCall } from './emulator-control.ts';

export interface EnvironmentOptions {
  flowMode: FlowMode;
  seed?: number;
  /** Articles seeded in Specter (erp-master) or Magento (ecom-master, combo). */
  simpleArticles?: number;
  configurables?: number;
  variantsPerConfigurable?: number;
  /** Store views of the first installation (1: SEK; 2: + NOK website; 3: + EUR view). */
  storeViews?: number;
  /** Shops: the first two on one installation (two websites), the rest one installation each. */
  shops?: number;
  /** An explicit shop layout instead of `shops`. */
  layout?: ShopPlan[];
  /** Magento API extensions the emulated installations have (customer-group prices). */
  magentoExtensions?: { customerGroupPrices?: boolean };
  dataDir?: string;
  databaseUrl?: string;
  logger?: Logger;
  /** Change the generated connection config before it is validated. */
  adjustConfig?: (connection: Record<string, unknown>) => void;
  workers?: number;
  feedIntervalMs?: number;
  pollSeconds?: number;
  /** Credentials of the emulated systems (defaults: admin123, the emulator's demo keys). */
  credentials?: { magentoAdminPassword?: string; specterApiUserKey?: string; specterIntegrationKey?: string };
  /** Secrets stored (encrypted) for the connection before it starts, for `{ secret: NAME }` references. */
  secrets?: { keys?: SecretKey[]; values: Record<string, string> };
}

export interface Environment {
  /** Magento emulators, one per installation. */
  magentoUrls: string[];
  magentoUrl: string;
  specterUrl: string;
  connection: ConnectionConfig;
  store: Store;
  runtime: Runtime;
  /** Which installation each shop is on. */
  shopInstallations: Record<string, string>;
  /** The secret store the flows resolve `{ secret: NAME }` references through. */
  secrets: SecretStore;
  registerCallbacks(url: string): Promise<void>;
  stop(): Promise<void>;
}

export const DEMO_SBM_ID = 1001;

export interface ShopPlan {
  id: string;
  installation: number;
  storeCode: string;
  websiteId: number;
  webshopId: number;
  currency: string;
  language: string;
  basePriceList?: string;
  orderNumberPrefix: string;
}

/** The demo's shop layout: se and no on installation 1 (two websites), then one installation each. */
export function planShops(count: number): ShopPlan[] {
  const plans: ShopPlan[] = [
    {
      id: 'se',
      installation: 0,
      storeCode: 'default',
      websiteId: 1,
      webshopId: 1,
      currency: 'SEK',
      language: 'SE',
      orderNumberPrefix: '',
    },
    {
      id: 'no',
      installation: 0,
      storeCode: 'no_nb',
      websiteId: 2,
      webshopId: 2,
      currency: 'NOK',
      language: 'NO',
      basePriceList: '2',
      orderNumberPrefix: '',
    },
  ];
  for (let i = 3; i <= count; i++) {
    plans.push({
      id: `shop${i}`,
      installation: i - 2,
      storeCode: 'default',
      websiteId: 1,
      webshopId: i,
      currency: 'SEK',
      language: 'SE',
      orderNumberPrefix: `M${i - 1}-`,
    });
  }
  return plans.slice(0, Math.max(1, count));
}

export function demoShopConfig(plan: ShopPlan, magentoUrl: string): Record<string, unknown> {
  return {
    id: plan.id,
    magento: { url: magentoUrl, auth: { username: 'admin', password: 'admin123' } },
    storeCode: plan.storeCode,
    websiteId: plan.websiteId,
    webshopId: plan.webshopId,
    currency: plan.currency,
    language: plan.language,
    orderNumberPrefix: plan.orderNumberPrefix,
    ...(plan.basePriceList ? { basePriceList: plan.basePriceList } : {}),
    eligibleStatuses: ['pending', 'processing'],
    payments: {
      checkmo: 'I',
      klarna_kp: 'K',
      nets_easy: 'DP',
      svea_checkout: 'SCH',
      walley_checkout: 'CL',
      banktransfer: 'PP',
    },
    shipping: {
      flatrate_flatrate: 'POSTNORD',
      freeshipping_freeshipping: 'POSTNORD',
      postnord_standard: 'POSTNORD',
      dhl_parcel: 'DHL',
      instore_pickup: 'BUTIK',
    },
    stock: { warehouses: ['1'], msiSource: 'default' },
    priceLists: plan.currency === 'SEK' ? [{ priceListId: '1', customerGroupId: 2, websiteId: 0 }] : [],
  };
}

export function demoConnectionConfig(
  flowMode: FlowMode,
  shops: Record<string, unknown>[],
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
    shops,
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
  const plans = options.layout ?? planShops(options.shops ?? 1);
  const installations = Math.max(...plans.map((p) => p.installation)) + 1;
  const specter = await startSpecterEmulator({
    seed,
    sizes: ownsCatalogueInSpecter
      ? { ...sizes, customers: 5 }
      : { simpleArticles: 0, configurables: 0, customers: 5 },
    callbackRetryDelaysMs: [200, 1000, 5000],
    accounts: [
      {
        ...DEFAULT_ACCOUNT,
        apiUserKey: options.credentials?.specterApiUserKey ?? DEFAULT_ACCOUNT.apiUserKey,
        integrationKey: options.credentials?.specterIntegrationKey ?? DEFAULT_ACCOUNT.integrationKey,
      },
    ],
  });
  for (const plan of plans) {
    if (plan.webshopId === 1) continue;
    await controlCall(specter.url, 'POST', `/accounts/${DEMO_SBM_ID}/webshops`, {
      webshopId: plan.webshopId,
      name: `Webbshop ${plan.id}`,
    });
  }
  const magentos: RunningMagentoEmulator[] = [];
  for (let i = 0; i < installations; i++) {
    const codes = new Set(plans.filter((p) => p.installation === i).map((p) => p.storeCode));
    const needed = codes.has('en') ? 3 : codes.has('no_nb') ? 2 : 1;
    const storeViews = Math.max(i === 0 ? (options.storeViews ?? 1) : 1, needed);
    magentos.push(
      await startMagentoEmulator({
        // One catalogue seed for every installation: a merchant sells the same articles in each shop.
        seed,
        sizes: { ...(ownsCatalogueInSpecter ? {} : sizes), storeViews },
        extensions: options.magentoExtensions,
        adminPassword: options.credentials?.magentoAdminPassword,
      }),
    );
  }
  const shops = plans.map((plan) => demoShopConfig(plan, magentos[plan.installation]!.url));
  const raw = demoConnectionConfig(options.flowMode, shops, specter.url, options.pollSeconds ?? 1);
  options.adjustConfig?.(raw);
  const connection = validateConfig({ connections: [raw] }).connections[0]!;

  const store = openStore({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ?? (options.databaseUrl ? undefined : 'memory://'),
  });
  await migrateToLatest(store.db);
  const secrets = new SecretStore(store.db, options.secrets?.keys ?? loadKeyring().keys);
  for (const [name, value] of Object.entries(options.secrets?.values ?? {}))
    await secrets.put(connection.id, name, value);
  const logger = options.logger ?? createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const runtime = new Runtime({
    store,
    connections: [connection],
    logger,
    workers: options.workers ?? 1,
    concurrencyPerWorker: 8,
    buildFlows: (c, rt) =>
      buildConnectionFlows(c, rt, { feedIntervalMs: options.feedIntervalMs ?? 1_000, secrets }),
  });
  await runtime.start();
  return {
    magentoUrls: magentos.map((m) => m.url),
    magentoUrl: magentos[0]!.url,
    specterUrl: specter.url,
    connection,
    store,
    runtime,
    shopInstallations: Object.fromEntries(plans.map((p) => [p.id, magentos[p.installation]!.url])),
    secrets,
    async registerCallbacks(url: string) {
      for (const webshopId of new Set(plans.map((p) => p.webshopId))) {
        await controlCall(specter.url, 'PUT', `/accounts/${DEMO_SBM_ID}/webshops/${webshopId}/callback-url`, {
          url,
        });
      }
    },
    async stop() {
      await runtime.stop(2_000);
      await store.close();
      for (const magento of magentos) await magento.close();
      await specter.close();
    },
  };
}
