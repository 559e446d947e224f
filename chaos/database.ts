// A fresh PostgreSQL database for one chaos run (PGlite cannot be shared by processes), dropped after.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const adminUrl =
  process.env.CHAOS_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

export interface ChaosDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createChaosDatabase(): Promise<ChaosDatabase> {
  const name = `koppla_chaos_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await onAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
