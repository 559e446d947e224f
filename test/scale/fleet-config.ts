// The fleet test's 20 connections: full configs (so the Runtime takes them as they are), pointing
// at nothing, since the fleet's handlers do not call out.
import { validateConfig } from '../../src/config/load.ts';
import type { ConnectionConfig } from '../../src/config/schema.ts';
import { demoConnectionConfig, demoShopConfig, planShops } from '../../src/demo/environment.ts';

export const CONNECTIONS = 20;
export const PER_CONNECTION_LIMIT = 3;
export const SCHEDULE_INTERVAL_MS = 1_000;

export function connectionId(i: number): string {
  return `c${String(i).padStart(2, '0')}`;
}

export function fleetConnections(): ConnectionConfig[] {
  const raws = Array.from({ length: CONNECTIONS }, (_, i) => {
    const raw = demoConnectionConfig(
      'erp-master',
      [demoShopConfig(planShops(1)[0]!, 'http://127.0.0.1:9/magento')],
      'http://127.0.0.1:9/specter',
      60,
    );
    raw.id = connectionId(i);
    raw.limits = { concurrency: PER_CONNECTION_LIMIT };
    return raw;
  });
  return validateConfig({ connections: raws }).connections;
}
