// Initial sync both ways of a catalogue of N articles (N/5 configurables x 4 variants + N/5
// simple), emulators answering after L ms with at most C requests at once. The sync runs in a child
// process so its peak RSS is its own; it is measured at two catalogue sizes to show it stays flat.

import { availableParallelism } from 'node:os';
import { type Catalogue, runChild, startBenchEmulators } from './emulators.ts';
import type { BenchContext } from './main.ts';
import { postgresUnavailable, withPostgres } from './postgres.ts';
import { preparedStoreDir } from './store-dir.ts';

interface ChildResult {
  summary: { read: number; create: number; failed: number; conflict: number; seconds: number };
  rssAtStartMb: number;
  peakRssMb: number;
  heapAtStartMb: number;
  peakHeapMb: number;
  cpuSeconds: number;
  lanes: Record<'magento' | 'specter', { calls: number; meanCallMs: number; lanesBusy: number }>;
}

function catalogueOf(articles: number): Catalogue {
  // 50,000 = 10,000 configurables x 4 variants + 10,000 simple.
  return { configurables: articles / 5, variantsPerConfigurable: 4, simpleArticles: articles / 5 };
}

function efficiencyParts(
  lanes: ChildResult['lanes'],
  calls: { magento: number; specter: number },
  latencyMs: number,
) {
  const busier = calls.magento >= calls.specter ? 'magento' : 'specter';
  const { meanCallMs, lanesBusy } = lanes[busier];
  return {
    system: busier,
    lanesBusy,
    latencyShareOfCall: meanCallMs === 0 ? 0 : Number((latencyMs / meanCallMs).toFixed(2)),
  };
}

type StoreKind = 'postgresql' | 'embedded';

/** Runs the sync child on a fresh store of this kind: a migrated PGlite directory or a new database. */
async function withStore<T>(kind: StoreKind, run: (storeAt: string) => Promise<T>): Promise<T> {
  if (kind === 'postgresql') return withPostgres(run);
  const store = await preparedStoreDir();
  return run(store.dataDir).finally(store.remove);
}

async function oneRun(from: 'specter' | 'magento', articles: number, kind: StoreKind, context: BenchContext) {
  context.log(`  initial sync from ${from}, ${articles} articles, ${kind} store`);
  const env = await startBenchEmulators({
    catalogueIn: from,
    catalogue: catalogueOf(articles),
    flowMode: from === 'specter' ? 'erp-master' : 'ecom-master',
  });
  try {
    await env.setFaults({ latencyMs: context.latencyMs, maxConcurrent: context.maxConcurrent });
    await env.resetRequests();
    const { result, emulatorCpuSeconds } = await withStore(kind, async (storeAt) => {
      // The emulators' processes do nothing else meanwhile: their CPU time is the sync's load.
      const before = await env.cpuSeconds();
      const result = await runChild<ChildResult>('sync-child.ts', [
        env.configFile,
        from,
        String(context.maxConcurrent),
        storeAt,
      ]);
      return { result, emulatorCpuSeconds: Number(((await env.cpuSeconds()) - before).toFixed(2)) };
    });
    const calls = await env.requests();
    const wall = result.summary.seconds;
    const syncCpu = result.cpuSeconds;
    const cores = availableParallelism();
    const cpuFloor = Math.max(syncCpu, emulatorCpuSeconds, (syncCpu + emulatorCpuSeconds) / cores);
    // Each system takes C requests at once, and the two are used side by side: the busier one
    // bounds the run from below.
    const lowerBound =
      (Math.max(calls.magento, calls.specter) / context.maxConcurrent) * (context.latencyMs / 1000);
    return {
      articles,
      recordsRead: result.summary.read,
      created: result.summary.create,
      failed: result.summary.failed,
      wallSeconds: wall,
      calls,
      lowerBoundSeconds: Number(lowerBound.toFixed(2)),
      efficiency: Number((lowerBound / wall).toFixed(2)),
      // What one request per record would need at best: how much the batching buys.
      perRecordLowerBoundSeconds: Number(
        ((result.summary.read / context.maxConcurrent) * (context.latencyMs / 1000)).toFixed(1),
      ),
      // CPU time spent by the sync process and by the emulators. Neither can finish before its own
      // CPU time, nor both before their sum spread over the cores: that floor bounds the wall time
      // as the requests do, and `efficiencyAtCpuFloor` is the best efficiency this machine allows.
      cpuSeconds: {
        sync: syncCpu,
        emulators: emulatorCpuSeconds,
        cores,
        floorSeconds: Number(cpuFloor.toFixed(2)),
      },
      efficiencyAtCpuFloor: Number((lowerBound / Math.max(lowerBound, cpuFloor)).toFixed(2)),
      // As the sync measured them: per system its calls, the mean time a call held a lane, and how
      // full the lanes were over the run. For the busier system, efficiency = lanesBusy x (L / meanCallMs):
      // how full the sync keeps the lanes, times how much of each call is the remote's latency.
      lanes: result.lanes,
      efficiencyParts: efficiencyParts(result.lanes, calls, context.latencyMs),
      articlesPerSecond: Math.round(result.summary.read / wall),
      peakRssMb: result.peakRssMb,
      rssAtStartMb: result.rssAtStartMb,
      rssGrowthDuringSyncMb: result.peakRssMb - result.rssAtStartMb,
      // The JavaScript heap alone (RSS minus the database's WebAssembly memory and code).
      heapGrowthDuringSyncMb: result.peakHeapMb - result.heapAtStartMb,
    };
  } finally {
    await env.close();
  }
}

/** The large run with the RSS of both sizes and the small run, on one kind of store. */
async function runsOn(
  from: 'specter' | 'magento',
  kind: StoreKind,
  large: number,
  context: BenchContext,
): Promise<Record<string, unknown>> {
  const small = large / 10;
  const big = await oneRun(from, large, kind, context);
  const little = await oneRun(from, small, kind, context);
  return {
    ...big,
    rss: {
      [`${small}`]: little.peakRssMb,
      [`${large}`]: big.peakRssMb,
      growthMb: big.peakRssMb - little.peakRssMb,
    },
    small: little,
  };
}

export async function initialSyncBenchmark(context: BenchContext) {
  const large = Number(process.env.BENCH_SYNC_ARTICLES ?? (context.quick ? 5_000 : 50_000));
  const directions: Record<string, unknown> = {};
  // BENCH_SYNC_FROM=magento|specter runs one direction, BENCH_SYNC_STORE=postgresql|embedded one
  // kind of store (while working on it).
  const only = process.env.BENCH_SYNC_FROM;
  const onlyStore = process.env.BENCH_SYNC_STORE;
  const postgresMissing = onlyStore === 'embedded' ? undefined : await postgresUnavailable();
  for (const from of (['specter', 'magento'] as const).filter((f) => !only || f === only)) {
    const runs: Record<string, unknown> = {};
    for (const kind of (['postgresql', 'embedded'] as const).filter((k) => !onlyStore || k === onlyStore)) {
      runs[kind] =
        kind === 'postgresql' && postgresMissing
          ? { skipped: postgresMissing }
          : await runsOn(from, kind, large, context);
    }
    directions[`from-${from}`] = runs;
  }
  return {
    parameters: {
      latencyMs: context.latencyMs,
      maxConcurrent: context.maxConcurrent,
      catalogue: `${large} articles = ${large / 5} configurables x 4 variants + ${large / 5} simple (plus the ${large / 5} configurable parents as records)`,
      efficiency: 'lower bound (max calls of one system / C x L) / wall time',
      rss: 'RSS of the child process running the sync (sampled every 50 ms), at two catalogue sizes',
      stores:
        'postgresql: a fresh database on the PostgreSQL server (BENCH_DATABASE_URL), as a fleet of workers runs; embedded: a migrated PGlite directory, as a single installation runs (its RSS includes the database)',
    },
    ...directions,
  };
}
