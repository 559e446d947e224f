// A fresh PostgreSQL database for one benchmark run, dropped afterwards. The server is the one the
// tests use (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local default).
import pg from 'pg';

export const postgresAdminUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

export async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `koppla_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;
    try {
      return await fn(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

/** Why PostgreSQL cannot be used for a benchmark, or undefined when it can. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${new URL(postgresAdminUrl).host} is not reachable: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}
