// `koppla demo`: both emulators seeded, the engine in erp-master mode, traffic like a real shop's
// (orders arriving, stock changing at the till, deliveries), and the dashboard. With --duration it
// runs headless, lets the backlog drain and prints one summary.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLogger } from '../log/logger.ts';
import { callbackRoutes } from '../server/callbacks.ts';
import { startServer } from '../server/server.ts';
import { waitForDrain } from './drain.ts';
import { DEMO_SBM_ID, type Environment, startEnvironment } from './environment.ts';
import { summarize } from './summary.ts';
import { startTraffic } from './traffic.ts';

export interface DemoOptions {
  port: number;
  duration?: number;
  json?: boolean;
  shops: number;
  seed: number;
  dataDir?: string;
  databaseUrl?: string;
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const headless = options.duration !== undefined;
  // The demo's emulators start fresh every time, so its database must too.
  const dataDir = resolve(options.dataDir ?? './data', 'demo');
  if (!options.databaseUrl) rmSync(dataDir, { recursive: true, force: true });
  const env: Environment = await startEnvironment({
    flowMode: 'erp-master',
    seed: options.seed,
    simpleArticles: 200,
    configurables: 30,
    variantsPerConfigurable: 4,
    storeViews: 2,
    shops: options.shops,
    dataDir: options.databaseUrl ? undefined : join(dataDir, 'pglite'),
    databaseUrl: options.databaseUrl,
    pollSeconds: 2,
    feedIntervalMs: 3_000,
    logger: createLogger({ level: headless ? 'error' : (process.env.LOG_LEVEL ?? 'warn') }),
  });
  const server = await startServer({
    runtime: env.runtime,
    port: headless ? 0 : options.port,
    plugins: [callbackRoutes(env.runtime, { secrets: env.secrets })],
    demo: true,
  });
  await env.registerCallbacks(`${server.url}/callbacks/specter/${env.connection.id}`);
  const traffic = startTraffic(env, { seed: options.seed });

  if (!headless) {
    const login = server.demoLogin
      ? ` (log in as ${server.demoLogin.username} / ${server.demoLogin.password})`
      : '';
    process.stdout.write(
      [
        'Koppla demo is running (erp-master: articles, prices and stock from Specter; orders to Specter).',
        `  Dashboard:  ${server.url}/${login}`,
        `  Magento emulator:  ${env.magentoUrls.join(', ')}`,
        `  Specter emulator:  ${env.specterUrl} (sbmId ${DEMO_SBM_ID})`,
        'Orders arrive every few seconds; stock changes in Specter; deliveries come back. Ctrl-C stops.',
        '',
      ].join('\n'),
    );
    const stop = async () => {
      traffic.stop();
      await server.close();
      await env.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }

  await new Promise((r) => setTimeout(r, (options.duration ?? 0) * 1000));
  await traffic.stop();
  const drained = await waitForDrain(env, 120_000);
  const summary = await summarize(env, { drained, durationSeconds: options.duration ?? 0 });
  await server.close();
  await env.stop();
  if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(`${JSON.stringify(summary)}\n`);
  const clean = summary.duplicates === 0 && summary.missing === 0 && summary.stockDifferences === 0;
  if (!clean) process.exitCode = 1;
}
