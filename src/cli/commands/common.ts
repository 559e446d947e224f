// Options shared by the commands that open the store.
import type { Command } from 'commander';
import { openStore, type Store } from '../../store/db.ts';
import { migrateToLatest } from '../../store/migrate.ts';

export interface StoreCliOptions {
  dataDir?: string;
  databaseUrl?: string;
}

export function withStoreOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'where the embedded database keeps its files', './data')
    .option('--database-url <url>', 'PostgreSQL instead of the embedded database (or DATABASE_URL)');
}

export async function openMigratedStore(options: StoreCliOptions): Promise<Store> {
  const store = openStore({
    databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL,
    dataDir: options.dataDir ? `${options.dataDir.replace(/\/$/, '')}/pglite` : undefined,
  });
  await migrateToLatest(store.db);
  return store;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Not a port number: ${value}`);
  return port;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Not a whole number: ${value}`);
  return n;
}
