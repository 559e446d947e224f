// `koppla initial-sync`: copies a whole catalogue one way, matching on SKU / article number, with a
// dry run that only reads. Runs outside the job queue: it is one bulk operation a person starts and
// watches, and it writes in batches far larger than any one job would.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ConnectionConfig } from '../../config/schema.ts';
import type { Database } from '../../store/schema.ts';
import type { SecretStore } from '../../store/secrets.ts';
import { createMagentoPort, defaultMagentoAdapterOptions } from '../adapters/magento-adapter.ts';
import { createSpecterPort } from '../adapters/specter-adapter.ts';
import { magentoClientFor, specterClientFor, specterClientSettingsFor, specterRateLimit } from '../build.ts';
import type { ShopRuntime } from '../context.ts';
import { Limiter, laneUsage } from './limiter.ts';
import { emptyReport, type InitialSyncReport, ReportRecorder, type SyncSource } from './report.ts';
import { SpecterPagesThread } from './specter-pages.ts';
import { syncSpecterToShop } from './to-magento.ts';
import { syncShopToSpecter } from './to-specter.ts';

export interface InitialSyncOptions {
  connection: ConnectionConfig;
  db: Kysely<Database>;
  from: SyncSource;
  dryRun: boolean;
  /** Only this shop (from specter: the target; from magento: the source installation's shop). */
  shopId?: string;
  secrets?: SecretStore;
  logger?: Logger;
  /** Requests in flight per system; defaults to the connection's `limits.concurrency`. */
  concurrency?: number;
  /** Operations per Magento bulk request. */
  bulkSize?: number;
  /** Articles per Specter newArticleSubmit. */
  specterBatchSize?: number;
  /**
   * From specter: read and parse the article pages in a worker thread, so parsing runs beside the
   * writes instead of between them. About 10 % faster on a 2-core machine, but the thread's heap
   * adds about 50 MB, and its memory grows with the run more than the main thread's: off unless
   * asked for.
   */
  pagesThread?: boolean;
}

/** What one run shares between its steps. */
export interface SyncRun {
  connection: ConnectionConfig;
  db: Kysely<Database>;
  dryRun: boolean;
  magentoLimiter: Limiter;
  specterLimiter: Limiter;
  bulkSize: number;
  specterBatchSize: number;
}

export interface InitialSyncResult {
  report: InitialSyncReport;
  reportId: string;
  /** Per system: calls, mean time a call held a lane, share of lane time used over the run. */
  lanes: Record<'magento' | 'specter', ReturnType<typeof laneUsage>>;
}

/** From magento: one shop per installation speaks for it (as the article export does). */
function sourceShops<T extends ShopRuntime>(shops: T[]): T[] {
  const seen = new Set<string>();
  return shops.filter((shop) => {
    if (seen.has(shop.config.magento.url)) return false;
    seen.add(shop.config.magento.url);
    return true;
  });
}

export async function runInitialSync(options: InitialSyncOptions): Promise<InitialSyncResult> {
  const { connection } = options;
  const started = performance.now();
  const selected = options.shopId
    ? connection.shops.filter((s) => s.id === options.shopId)
    : connection.shops;
  if (selected.length === 0) throw new Error(`Connection ${connection.id} has no shop "${options.shopId}"`);
  const concurrency = options.concurrency ?? connection.limits.concurrency;
  const run: SyncRun = {
    connection,
    db: options.db,
    dryRun: options.dryRun,
    magentoLimiter: new Limiter(concurrency),
    specterLimiter: new Limiter(concurrency),
    bulkSize: options.bulkSize ?? 250,
    specterBatchSize: options.specterBatchSize ?? 200,
  };
  const shops: (ShopRuntime & { client: Awaited<ReturnType<typeof magentoClientFor>> })[] = [];
  for (const config of selected) {
    const client = await magentoClientFor(connection, config, options.secrets);
    const specter = createSpecterPort(await specterClientFor(connection, config.webshopId, options.secrets));
    const magento = createMagentoPort(client, config, defaultMagentoAdapterOptions);
    shops.push({ config, magento, specter, client });
  }
  const targets = options.from === 'specter' ? shops : sourceShops(shops);
  const recorder = await ReportRecorder.open(
    options.db,
    connection.id,
    emptyReport(
      options.from,
      options.dryRun,
      targets.map((s) => s.config.id),
    ),
  );
  const report = recorder.report;
  for (const shop of targets) {
    options.logger?.info(
      { shop: shop.config.id, from: options.from, dryRun: options.dryRun },
      'initial sync',
    );
    if (options.from === 'magento') {
      await syncShopToSpecter(run, shop, shop.client, shop.specter, recorder);
      continue;
    }
    const pages = options.pagesThread
      ? new SpecterPagesThread(
          await specterClientSettingsFor(connection, shop.config.webshopId, options.secrets),
          specterRateLimit(connection),
        )
      : undefined;
    try {
      const specter = pages
        ? { ...shop.specter, listArticles: pages.listArticles.bind(pages) }
        : shop.specter;
      await syncSpecterToShop(run, shop, shop.client, specter, recorder);
    } finally {
      await pages?.close();
    }
  }
  report.summary.seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  const reportId = await recorder.finish();
  const lanes = {
    magento: laneUsage(run.magentoLimiter, report.summary.seconds),
    specter: laneUsage(run.specterLimiter, report.summary.seconds),
  };
  return { report, reportId, lanes };
}
