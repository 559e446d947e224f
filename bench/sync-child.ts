// Child process of the initial-sync benchmark: runs one initial sync against the emulators and
// prints its summary and its own peak RSS as one JSON line. A separate process so its memory is
// the sync's alone.
import { readFileSync } from 'node:fs';
import { validateConfig } from '../src/config/load.ts';
import { runInitialSync } from '../src/flows/initial-sync/run.ts';
import { openStore } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { RssSampler } from './rss.ts';

const [configFile, from, concurrency] = process.argv.slice(2);
const connection = validateConfig({ connections: [JSON.parse(readFileSync(configFile as string, 'utf8'))] })
  .connections[0]!;
const store = openStore({ dataDir: 'memory://' });
await migrateToLatest(store.db);
const sampler = new RssSampler();
const { report } = await runInitialSync({
  connection,
  db: store.db,
  from: from as 'magento' | 'specter',
  dryRun: false,
  concurrency: Number(concurrency),
});
const rss = sampler.stop();
process.stdout.write(
  `${JSON.stringify({ summary: report.summary, rssAtStartMb: rss.startMb, peakRssMb: rss.peakMb, heapAtStartMb: rss.startHeapMb, peakHeapMb: rss.peakHeapMb })}\n`,
);
await store.close();
