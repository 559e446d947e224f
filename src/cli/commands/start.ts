// `koppla start` (engine + dashboard/API server + Specter callbacks) and `koppla worker` (engine
// only, for scale-out; with --port it also receives Specter callbacks, without the dashboard).
import type { Command } from 'commander';
import { Runtime } from '../../app/runtime.ts';
import { loadConfigFile } from '../../config/load.ts';
import { buildConnectionFlows } from '../../flows/build.ts';
import { createLogger } from '../../log/logger.ts';
import { UserRepository } from '../../server/auth/users.ts';
import { callbackRoutes } from '../../server/callbacks.ts';
import { startServer } from '../../server/server.ts';
import { loadKeyring, SecretStore } from '../../store/secrets.ts';
import { openMigratedStore, parsePort, parsePositiveInt, withStoreOptions } from './common.ts';

async function run(options: {
  config: string;
  port?: number;
  workers: number;
  concurrency: number;
  serve: boolean;
  dashboard: boolean;
  dataDir?: string;
  databaseUrl?: string;
}): Promise<void> {
  // Validate before touching anything: an invalid config never half-runs.
  const config = loadConfigFile(options.config);
  const logger = createLogger();
  const keyring = loadKeyring();
  if (keyring.insecureDefault)
    logger.warn(
      'no KOPPLA_SECRET_KEYS or KOPPLA_SECRET_KEY_FILE: stored secrets use the public demo key (not for production)',
    );
  const store = await openMigratedStore(options);
  const secrets = new SecretStore(store.db, keyring.keys);
  const runtime = new Runtime({
    store,
    connections: config.connections,
    logger,
    buildFlows: (connection, rt) =>
      buildConnectionFlows(connection, rt, { configFile: options.config, secrets }),
    workers: options.workers,
    concurrencyPerWorker: options.concurrency,
    retention: config.retention,
  });
  await runtime.start();
  const server = options.serve
    ? await startServer({
        runtime,
        port: options.port ?? 8080,
        dashboard: options.dashboard,
        plugins: [callbackRoutes(runtime, { secrets })],
      })
    : undefined;
  if (server && !options.dashboard) process.stdout.write(`Koppla worker: callbacks on ${server.url}\n`);
  if (server && options.dashboard) {
    process.stdout.write(`Koppla is running: dashboard and API on ${server.url}\n`);
    if ((await new UserRepository(store.db).count()) === 0)
      process.stdout.write('No dashboard users yet: add one with `koppla user add NAME --role operator`\n');
  }
  const shutdown = async () => {
    logger.info('shutting down: finishing or releasing claimed jobs');
    await server?.close();
    await runtime.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

export function registerStartCommands(program: Command): void {
  withStoreOptions(
    program
      .command('start')
      .description('run the engine and the dashboard/API server for the connections in a config file')
      .requiredOption('-c, --config <file>', 'connection config (YAML)')
      .option('--port <n>', 'dashboard and API port on 127.0.0.1', parsePort, 8080)
      .option('--workers <n>', 'worker loops in this process', parsePositiveInt, 1)
      .option('--concurrency <n>', 'jobs each worker runs at once', parsePositiveInt, 8),
  ).action((options) => run({ ...options, serve: true, dashboard: true }));

  withStoreOptions(
    program
      .command('worker')
      .description('run the engine only (start more of these on other machines against one PostgreSQL)')
      .requiredOption('-c, --config <file>', 'connection config (YAML)')
      .option(
        '--port <n>',
        'also receive Specter callbacks (and /health, /metrics) on 127.0.0.1:N',
        parsePort,
      )
      .option('--workers <n>', 'worker loops in this process', parsePositiveInt, 1)
      .option('--concurrency <n>', 'jobs each worker runs at once', parsePositiveInt, 8),
  ).action((options) => run({ ...options, serve: options.port !== undefined, dashboard: false }));
}
