// Stock changes made in Specter (goods receipts through the emulator's control surface, 50 at a
// time) reaching Magento: Magento calls used per change (the flush batches SKUs into one
// source-items call) and the latency from each change to its quantity being salable in Magento.
// Variants: Specter rings Koppla's callback URL (stock poll left at the default), and polling
// alone (default interval and a short one). The worker runs in a child process (its RSS is its own).
//
// Deltas are positive (+1..+3), so each SKU's quantity only rises: a change is visible from the
// first sample of Magento's salable quantity that is at least the quantity it produced, even when
// a later change to the same SKU was written in the same flush.
import { controlCall } from '../src/demo/emulator-control.ts';
import { DEMO_SBM_ID } from '../src/demo/environment.ts';
import { type BenchEmulators, startBenchEmulators } from './emulators.ts';
import type { BenchContext } from './main.ts';
import { percentiles, startWorkerProcess } from './worker-process.ts';

const CHANGES_AT_ONCE = 50;
const SAMPLE_EVERY_MS = 100;
const DEFAULT_POLL_SECONDS = 30;
const WEBSHOP_ID = 1;
/** The shop publishes Specter's stock site 1 (demoShopConfig: warehouses ['1']). */
const STOCK_SITE_ID = 1;
const STOCK_WRITE_ROUTES = ['POST /V1/inventory/source-items', 'PUT /V1/products/{sku}/stockItems/{itemId}'];

type Variant = { name: string; pollSeconds: number; callbacks: boolean };

interface Change {
  sku: string;
  quantity: number;
  at: number;
  visibleAt?: number;
}

interface RouteCounts {
  total: number;
  byRoute: Record<string, number>;
}

/** Deterministic choice of SKUs and deltas, so runs are comparable. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

async function salableInMagento(env: BenchEmulators): Promise<Record<string, number>> {
  const stock = await controlCall<{ salable: Record<string, number> }>(env.magentoUrl, 'GET', '/state/stock');
  return stock.salable;
}

async function availableInSpecter(env: BenchEmulators): Promise<Map<string, number>> {
  const rows = await controlCall<{ articleNo: string; stockSiteId: number; available: number }[]>(
    env.specterUrl,
    'GET',
    `/accounts/${DEMO_SBM_ID}/stock`,
  );
  return new Map(rows.filter((r) => r.stockSiteId === STOCK_SITE_ID).map((r) => [r.articleNo, r.available]));
}

/**
 * The initial import (articles, then their stock) is done when every stock-kept article is salable
 * in Magento at Specter's quantity, Specter's feeds hold nothing, and Magento saw no request for a
 * second. Answers Specter's quantities.
 */
async function waitForInitialImport(env: BenchEmulators, timeoutMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let lastTotal = -1;
  let state = '';
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const expected = await availableInSpecter(env);
    const salable = await salableInMagento(env);
    const feeds = await controlCall<Record<string, { pending: unknown[]; openBatch: unknown }>>(
      env.specterUrl,
      'GET',
      `/accounts/${DEMO_SBM_ID}/webshops/${WEBSHOP_ID}/feeds`,
    );
    const feedsEmpty = Object.values(feeds).every((f) => f.pending.length === 0 && f.openBatch === null);
    const total = (await env.requests()).magento;
    const allThere = [...expected].every(([sku, qty]) => salable[sku] === Math.max(0, qty));
    if (allThere && feedsEmpty && total === lastTotal) return expected;
    const missing = [...expected].filter(([sku, qty]) => salable[sku] !== Math.max(0, qty)).length;
    state = `${missing} of ${expected.size} not salable at Specter's quantity, feeds ${feedsEmpty ? 'empty' : 'busy'}, ${total} Magento requests`;
    lastTotal = total;
  }
  throw new Error(`initial import did not finish within ${timeoutMs / 1000} s: ${state}`);
}

/** Samples Magento's salable quantities until stopped; marks each change when it is visible. */
function startSampling(env: BenchEmulators, bySku: Map<string, Change[]>) {
  let running = true;
  let samples = 0;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      const salable = await salableInMagento(env);
      const now = Date.now();
      samples++;
      for (const [sku, changes] of bySku) {
        const quantity = salable[sku];
        if (quantity === undefined) continue;
        for (const change of changes)
          if (change.visibleAt === undefined && quantity >= change.quantity) change.visibleAt = now;
      }
      const wait = SAMPLE_EVERY_MS - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    get samples() {
      return samples;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

function routeSum(counts: RouteCounts, routes: string[]): number {
  return routes.reduce((sum, r) => sum + (counts.byRoute[r] ?? 0), 0);
}

export async function stockRun(variant: Variant, changes: number, articles: number, context: BenchContext) {
  context.log(`  stock ${variant.name}, ${changes} changes over ${articles} articles`);
  const env = await startBenchEmulators({
    catalogueIn: 'specter',
    catalogue: { simpleArticles: articles, configurables: 0, variantsPerConfigurable: 4 },
    flowMode: 'erp-master',
    adjust: (raw) => {
      const streams = raw.streams as Record<string, Record<string, unknown>>;
      streams.stock = { pollSeconds: variant.pollSeconds };
      // Only the stock path is measured: orders have nothing to do here, and their polls would
      // count as Magento calls.
      streams.orders = { enabled: false };
      streams.orderStatus = { enabled: false };
      raw.limits = { concurrency: context.maxConcurrent };
    },
  });
  const worker = await startWorkerProcess(env.configFile);
  try {
    if (variant.callbacks)
      await controlCall(
        env.specterUrl,
        'PUT',
        `/accounts/${DEMO_SBM_ID}/webshops/${WEBSHOP_ID}/callback-url`,
        { url: `${worker.url}/callbacks/specter/${(env.raw as { id: string }).id}` },
      );
    // The import is not what is measured: it runs without latency, and the stock feed is read at
    // once (not after the first poll interval) so the run does not wait for it.
    const importStarted = performance.now();
    worker.wake(`stock-feed:${WEBSHOP_ID}`);
    const importTimer = setInterval(() => worker.wake(`stock-feed:${WEBSHOP_ID}`), 2_000);
    let start: Map<string, number>;
    try {
      start = await waitForInitialImport(env, 120_000 + articles * 60);
    } finally {
      clearInterval(importTimer);
    }
    const importSeconds = (performance.now() - importStarted) / 1000;
    const skus = [...start.keys()].sort();

    await env.setFaults({ latencyMs: context.latencyMs, maxConcurrent: context.maxConcurrent });
    await env.resetRequests();
    const bySku = new Map<string, Change[]>(skus.map((s) => [s, []]));
    const all: Change[] = [];
    const sampler = startSampling(env, bySku);
    const random = randomSource(changes);
    const plan = Array.from({ length: changes }, () => ({
      sku: skus[Math.floor(random() * skus.length)]!,
      delta: 1 + Math.floor(random() * 3),
    }));
    const changingStarted = performance.now();
    let next = 0;
    const changer = async () => {
      while (next < plan.length) {
        const { sku, delta } = plan[next++]!;
        const result = await controlCall<{ available: number }>(
          env.specterUrl,
          'POST',
          `/accounts/${DEMO_SBM_ID}/articles/${encodeURIComponent(sku)}/stock`,
          { stockSiteId: STOCK_SITE_ID, delta },
        );
        const change: Change = { sku, quantity: result.available, at: Date.now() };
        bySku.get(sku)!.push(change);
        all.push(change);
      }
    };
    await Promise.all(Array.from({ length: CHANGES_AT_ONCE }, changer));
    const changingSeconds = (performance.now() - changingStarted) / 1000;

    // Wait until every change is visible, or give up a few poll intervals after the last one.
    const deadline = Date.now() + (variant.pollSeconds * 3 + 30) * 1000;
    while (Date.now() < deadline && all.some((c) => c.visibleAt === undefined))
      await new Promise((resolve) => setTimeout(resolve, 200));
    await sampler.stop();
    const settledSeconds = (performance.now() - changingStarted) / 1000;

    const magento = await controlCall<RouteCounts>(env.magentoUrl, 'GET', '/requests');
    const specter = await controlCall<RouteCounts>(env.specterUrl, 'GET', '/requests');
    const rss = await worker.stop();
    const visible = all.filter((c) => c.visibleAt !== undefined);
    const stockWrites = routeSum(magento, STOCK_WRITE_ROUTES);
    return {
      changes,
      articles,
      skusChanged: [...bySku.values()].filter((c) => c.length > 0).length,
      visible: visible.length,
      importSeconds: Number(importSeconds.toFixed(1)),
      changingSeconds: Number(changingSeconds.toFixed(1)),
      settledSeconds: Number(settledSeconds.toFixed(1)),
      latencyMs: percentiles(visible.map((c) => c.visibleAt! - c.at)),
      magentoCalls: { stockWrites, all: magento.total, byRoute: magento.byRoute },
      specterCalls: specter.total,
      callsPerChange: {
        magentoStockWrites: Number((stockWrites / changes).toFixed(4)),
        magentoAll: Number((magento.total / changes).toFixed(4)),
        specter: Number((specter.total / changes).toFixed(4)),
      },
      samples: sampler.samples,
      peakRssMb: rss.peakRssMb,
      rssAtStartMb: rss.rssAtStartMb,
      heapAtStartMb: rss.heapAtStartMb,
      peakHeapMb: rss.peakHeapMb,
    };
  } catch (error) {
    await worker.stop().catch(() => {});
    throw error;
  } finally {
    await env.close();
  }
}

export async function stockBenchmark(context: BenchContext) {
  const changes = context.quick ? 2_000 : 20_000;
  // 1,000 rather than 2,000 in the full run: the initial import goes through the article feed, one
  // import job per article, and took 53 s for 1,000 articles (7 s for 200) before any change is made.
  // The quick run's tenth is 100 (it had 200, whose imports took 6-10 s of each of its four runs).
  const articles = context.quick ? 100 : 1_000;
  const variants: Variant[] = [
    { name: 'callbacks', pollSeconds: DEFAULT_POLL_SECONDS, callbacks: true },
    { name: 'poll-2s', pollSeconds: 2, callbacks: false },
    { name: `poll-${DEFAULT_POLL_SECONDS}s-default`, pollSeconds: DEFAULT_POLL_SECONDS, callbacks: false },
  ];
  const runs: Record<string, unknown> = {};
  // BENCH_STOCK_ONLY=callbacks|poll-2s|... runs one variant (while working on it).
  const only = process.env.BENCH_STOCK_ONLY;
  if (only) {
    const variant = variants.find((v) => v.name === only);
    if (!variant)
      throw new Error(`BENCH_STOCK_ONLY: no variant "${only}" (${variants.map((v) => v.name).join(', ')})`);
    return { [variant.name]: await stockRun(variant, changes, articles, context) };
  }
  for (const variant of variants) runs[variant.name] = await stockRun(variant, changes, articles, context);
  // RSS at a tenth of the size, callbacks variant, to show it stays flat.
  const small = await stockRun(variants[0]!, changes / 10, articles / 10, context);
  const big = runs.callbacks as { peakRssMb: number };
  return {
    parameters: {
      changes,
      articles,
      changesAtOnce: CHANGES_AT_ONCE,
      latencyMs: context.latencyMs,
      maxConcurrent: context.maxConcurrent,
      connectionConcurrency: context.maxConcurrent,
      changesMade:
        'POST /_emulator/accounts/1001/articles/:articleNo/stock {stockSiteId: 1, delta: +1..+3} on uniformly chosen stock-kept articles, 50 requests at a time, after the initial import has drained (the import runs without latency; faults are switched on after it)',
      measured: `changed = the emulator answered the stock change; visible = first sample (every ${SAMPLE_EVERY_MS} ms) of Magento's salable quantity (GET /_emulator/state/stock) at or above the quantity the change produced (same clock, one machine)`,
      stockWriteRoutes: STOCK_WRITE_ROUTES,
      callbacks:
        'the worker serves /callbacks/specter/:connectionId; its URL is registered with the Specter emulator (PUT /_emulator/accounts/1001/webshops/1/callback-url); stock poll stays at the default; rings start at most one feed read per second',
      excluded:
        'orders and order status streams are off, so every Magento call counted comes from stock (and any article/price flush)',
    },
    ...runs,
    rss: {
      [`${articles / 10} articles, ${changes / 10} changes`]: small.peakRssMb,
      [`${articles} articles, ${changes} changes`]: big.peakRssMb,
      growthMb: big.peakRssMb - small.peakRssMb,
    },
    small,
  };
}
