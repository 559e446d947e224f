// Child process of the orders and stock benchmarks: one Koppla runtime (workers, schedules, and the
// HTTP server with Specter's callback route) against the emulators of the parent. Prints
// `READY <url>` once it listens; on IPC {wake: scheduleName} it runs that schedule at once (what a
// shop-side push would do); on {stop: true} it stops and prints its RSS as one JSON line.
import { readFileSync } from 'node:fs';
import { Runtime } from '../src/app/runtime.ts';
import { validateConfig } from '../src/config/load.ts';
import { buildConnectionFlows } from '../src/flows/build.ts';
import { createLogger } from '../src/log/logger.ts';
import { callbackRoutes } from '../src/server/callbacks.ts';
import { startServer } from '../src/server/server.ts';
import { openStore } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { RssSampler } from './rss.ts';

const [configFile, feedIntervalMs, dataDir] = process.argv.slice(2);
const connection = validateConfig({ connections: [JSON.parse(readFileSync(configFile as string, 'utf8'))] })
  .connections[0]!;
// A prepared directory on disk (bench/store-dir.ts), like a restarted installation's store.
const store = openStore({ dataDir: dataDir as string });
await migrateToLatest(store.db);
const runtime = new Runtime({
  store,
  connections: [connection],
  logger: createLogger({ level: process.env.LOG_LEVEL ?? 'error' }),
  workers: 1,
  concurrencyPerWorker: 8,
  buildFlows: (c, rt) => buildConnectionFlows(c, rt, { feedIntervalMs: Number(feedIntervalMs ?? 1_000) }),
});
await runtime.start();
const server = await startServer({ runtime, port: 0, dashboard: false, plugins: [callbackRoutes(runtime)] });
const sampler = new RssSampler();
process.stdout.write(`READY ${server.url}\n`);

process.on('message', (message: { wake?: string; stop?: boolean }) => {
  if (message.wake) {
    runtime.runScheduleNow(connection.id, message.wake).catch(() => {});
  } else if (message.stop) {
    void (async () => {
      const rss = sampler.stop();
      await runtime.stop(2_000);
      await server.close();
      await store.close();
      process.stdout.write(
        `${JSON.stringify({ rssAtStartMb: rss.startMb, peakRssMb: rss.peakMb, heapAtStartMb: rss.startHeapMb, peakHeapMb: rss.peakHeapMb })}\n`,
      );
      process.exit(0);
    })();
  }
});
