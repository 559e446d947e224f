// `koppla initial-sync`: copies a whole catalogue one way, matching on SKU / article number, with a
// dry run that only reads. Runs outside the job queue: it is one bulk operation a person starts and
// watches, and it writes in batches far larger than any one job would.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { syncConnections } from '../../app/sync-connections.ts';
import type { ConnectionConfig } from '../../config/schema.ts';
import { LaneHolds } from '../../engine/lane-holds.ts';
import type { Database } from '../../store/schema.ts';
import type { SecretStore } from '../../store/secrets.ts';
import { createMagentoPort, defaultMagentoAdapterOptions } from '../adapters/magento-adapter.ts';
import { createSpecterPort } from '../adapters/specter-adapter.ts';
import { magentoClientFor, specterClientFor, specterClientSettingsFor, specterRateLimit } from '../build.ts';
import type { ShopRuntime } from '../context.ts';
import { FleetLanes } from './fleet-lanes.ts';
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
  /**
   * Requests in flight per system; defaults to the connection's `limits.concurrency`. The lanes
   * are shared with the workers: the sync takes those free, up to this many (fleet-lanes.ts).
   */
  concurrency?: number;
  /** How the lane hold is kept (tests shorten the waits). */
  laneTiming?: { leaseMs?: number; renewMs?: number; waitMs?: number };
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
  /** The most of the connection's lanes the sync held at once (it shares them with the workers). */
  lanesHeld: number;
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
  const magentoLimiter = new Limiter(concurrency, 0);
  const specterLimiter = new Limiter(concurrency, 0);
  // The lanes are counted in the store with the workers' running jobs: the connection's row has
  // to be there (a worker writes it when it starts; a sync may come first).
  const known = await options.db
    .selectFrom('connections')
    .select('id')
    .where('id', '=', connection.id)
    .executeTakeFirst();
  if (!known) await syncConnections(options.db, [connection]);
  const lanes = new FleetLanes(new LaneHolds(options.db), {
    connectionId: connection.id,
    purpose: `initial-sync from ${options.from}${options.dryRun ? ' (dry run)' : ''}`,
    wanted: concurrency,
    limiters: [magentoLimiter, specterLimiter],
    logger: options.logger,
    ...options.laneTiming,
  });
  await lanes.take();
  try {
    return await syncWithLanes(options, started, selected, { magentoLimiter, specterLimiter }, lanes);
  } finally {
    await lanes.release();
  }
}

async function syncWithLanes(
  options: InitialSyncOptions,
  started: number,
  selected: ConnectionConfig['shops'],
  limiters: { magentoLimiter: Limiter; specterLimiter: Limiter },
  lanes: FleetLanes,
): Promise<InitialSyncResult> {
  const { connection } = options;
  const run: SyncRun = {
    connection,
    db: options.db,
    dryRun: options.dryRun,
    ...limiters,
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
  const usage = {
    magento: laneUsage(run.magentoLimiter, report.summary.seconds),
    specter: laneUsage(run.specterLimiter, report.summary.seconds),
  };
  return { report, reportId, lanes: usage, lanesHeld: lanes.peak };
}
