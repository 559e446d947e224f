// One Koppla worker process of a chaos run: the real Runtime and flows on the shared PostgreSQL.
// The runner kills it with SIGKILL at random moments and starts a new one; nothing here cleans up.
import { readFileSync } from 'node:fs';
import { Runtime } from '../src/app/runtime.ts';
import { validateConfig } from '../src/config/load.ts';
import { buildConnectionFlows } from '../src/flows/build.ts';
import { createLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/db.ts';

const [databaseUrl, configPath] = process.argv.slice(2);
if (!databaseUrl || !configPath) throw new Error('usage: chaos/worker.ts <database-url> <config.json>');
const raw = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
const connection = validateConfig({ connections: [raw] }).connections[0]!;
const store = openStore({ databaseUrl, poolSize: 10 });
const runtime = new Runtime({
  store,
  connections: [connection],
  logger: createLogger({ level: process.env.LOG_LEVEL ?? 'silent' }),
  workers: 1,
  concurrencyPerWorker: 8,
  buildFlows: (c, rt) => buildConnectionFlows(c, rt, { feedIntervalMs: 1_000 }),
});
await runtime.start();
process.stdout.write('started\n');
process.on('SIGTERM', async () => {
  await runtime.stop(2_000);
  await store.close();
  process.exit(0);
});
