// Child process of the initial-sync benchmark: runs one initial sync against the emulators and
// prints its summary and its own peak RSS as one JSON line. A separate process so its memory is
// the sync's alone.
import { readFileSync } from 'node:fs';
import { validateConfig } from '../src/config/load.ts';
import { runInitialSync } from '../src/flows/initial-sync/run.ts';
import { openStore } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { RssSampler } from './rss.ts';

// The store: an embedded store's directory, or a postgres:// URL.
const [configFile, from, concurrency, storeAt] = process.argv.slice(2);
const connection = validateConfig({ connections: [JSON.parse(readFileSync(configFile as string, 'utf8'))] })
  .connections[0]!;
// A prepared directory on disk, like an installation's embedded store (bench/store-dir.ts): an
// in-memory database would count the stored bindings as the sync's memory.
const store = storeAt?.startsWith('postgres')
  ? openStore({ databaseUrl: storeAt })
  : openStore({ dataDir: storeAt as string });
await migrateToLatest(store.db);
const sampler = new RssSampler();
const cpuBefore = process.cpuUsage();
const { report, lanes } = await runInitialSync({
  connection,
  db: store.db,
  from: from as 'magento' | 'specter',
  dryRun: false,
  concurrency: Number(concurrency),
  // BENCH_PAGES_THREAD=1 parses Specter's pages in a worker thread (to compare).
  pagesThread: process.env.BENCH_PAGES_THREAD === '1',
});
const rss = sampler.stop();
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = Number(((cpu.user + cpu.system) / 1e6).toFixed(2));
process.stdout.write(
  `${JSON.stringify({ summary: report.summary, rssAtStartMb: rss.startMb, peakRssMb: rss.peakMb, heapAtStartMb: rss.startHeapMb, peakHeapMb: rss.peakHeapMb, cpuSeconds, lanes })}\n`,
);
await store.close();
