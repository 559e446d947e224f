import type { Socket } from 'node:net';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { DEFAULT_ACCOUNT, type SpecterAccountSeed } from './account.ts';
import { registerApiRoutes } from './api-routes.ts';
import { DEFAULT_CALLBACK_RETRY_DELAYS_MS, DEFAULT_RESPONSE_MAX_LIMIT } from './assumptions.ts';
import { registerControlRoutes } from './control-routes.ts';
import { SpecterState } from './emulator.ts';
import type { FaultSettings } from './faults.ts';
import { parseUrlEncoded } from './params.ts';
import { DEFAULT_SIZES } from './seed.ts';

export type { SpecterAccountSeed } from './account.ts';
export type { FaultSettings } from './faults.ts';

export interface SpecterEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  accounts?: SpecterAccountSeed[]; // default: one account (DEFAULT_ACCOUNT)
  sizes?: {
    simpleArticles?: number;
    configurables?: number;
    variantsPerConfigurable?: number;
    stockSites?: number;
    priceLists?: number;
    customers?: number;
  };
  faults?: FaultSettings;
  utf8?: boolean;
  decimalComma?: boolean;
  responseMaxLimit?: number;
  callbackRetryDelaysMs?: number[];
}

export interface RunningSpecterEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export { DEFAULT_ACCOUNT };

/** Start one independent emulator instance (its own state, seed, faults, callbacks). */
export async function startSpecterEmulator(
  options: SpecterEmulatorOptions = {},
): Promise<RunningSpecterEmulator> {
  const state = new SpecterState({
    seed: options.seed ?? 1,
    sizes: { ...DEFAULT_SIZES, ...options.sizes },
    settings: {
      utf8: options.utf8 ?? false,
      decimalComma: options.decimalComma ?? true,
      responseMaxLimit: options.responseMaxLimit ?? DEFAULT_RESPONSE_MAX_LIMIT,
    },
    faults: options.faults ?? {},
    callbackRetryDelaysMs: options.callbackRetryDelaysMs ?? DEFAULT_CALLBACK_RETRY_DELAYS_MS,
  });
  for (const account of options.accounts ?? [DEFAULT_ACCOUNT]) state.addAccount(account);

  const app = Fastify({ logger: false });
  // keep the raw pairs: values are decoded per value as UTF-8 or Latin-1 (params.ts)
  await app.register(formbody, {
    parser: (text: string) => parseUrlEncoded(text) as unknown as Record<string, string>,
  });
  const hungSockets = new Set<Socket>();
  registerApiRoutes(app, state, hungSockets);
  registerControlRoutes(app, state);

  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const port = Number(new URL(address).port);
  return {
    url: address,
    port,
    async close() {
      state.close();
      for (const s of hungSockets) s.destroy();
      await app.close();
    },
  };
}
