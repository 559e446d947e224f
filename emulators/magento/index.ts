import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultSettings } from './faults.ts';
import { RequestLog } from './request-log.ts';
import { createRng, deriveSeed } from './rng.ts';
import { createEmptyState, seedState } from './seed.ts';
import { buildServer } from './server.ts';

export type { FaultSettings } from './faults.ts';
export { servedOperations } from './routes/index.ts';

export interface MagentoEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  adminUser?: string;
  adminPassword?: string;
  sizes?: {
    simpleArticles?: number;
    configurables?: number;
    variantsPerConfigurable?: number;
    orders?: number;
    storeViews?: number;
  };
  faults?: FaultSettings;
  extensions?: { customerGroupPrices?: boolean };
}

export interface RunningMagentoEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts one emulated Magento 2.4 installation with its own in-memory state. */
export async function startMagentoEmulator(
  options: MagentoEmulatorOptions = {},
): Promise<RunningMagentoEmulator> {
  const seed = options.seed ?? 1;
  const state = createEmptyState(
    seed,
    { user: options.adminUser ?? 'admin', password: options.adminPassword ?? 'admin123' },
    options.extensions?.customerGroupPrices ?? false,
  );
  seedState(state, { storeViews: 1, ...options.sizes });
  const faults = new FaultInjector(createRng(deriveSeed(seed, 'faults')));
  if (options.faults) faults.configure(options.faults);
  const { app, stopQueue } = buildServer(state, faults, new RequestLog());
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const port = (app.server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: async () => {
      stopQueue();
      await app.close();
    },
  };
}
