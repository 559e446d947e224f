// One worker process of the fleet test: a Runtime on the shared PostgreSQL whose only job kind
// records when it ran (start, end, which worker) and whose only schedule records each run (its
// due time, start and end).
import { sql } from 'kysely';
import { Runtime } from '../../src/app/runtime.ts';
import { createLogger } from '../../src/log/logger.ts';
import { openStore } from '../../src/store/db.ts';
import { fleetConnections, SCHEDULE_INTERVAL_MS } from './fleet-config.ts';

const [databaseUrl, workerId, jobMs] = process.argv.slice(2);
if (!databaseUrl || !workerId) throw new Error('usage: fleet-worker <database-url> <worker-id> [job-ms]');
const store = openStore({ databaseUrl, poolSize: 10 });
const runtime = new Runtime({
  store,
  connections: fleetConnections(),
  logger: createLogger({ level: 'error' }),
  workers: 1,
  concurrencyPerWorker: 8,
  schedulerTickMs: 100,
  buildFlows: (connection) => ({
    handlers: {
      'fleet.job': async ({ job }) => {
        const started = new Date();
        await new Promise((resolve) => setTimeout(resolve, Number(jobMs ?? 15)));
        await sql`insert into fleet_runs (connection_id, job_key, worker, started_at, ended_at)
          values (${job.connectionId}, ${job.entityKey}, ${workerId}, ${started}, ${new Date()})`.execute(
          store.db,
        );
      },
    },
    schedules: [
      {
        name: 'poll',
        intervalMs: SCHEDULE_INTERVAL_MS,
        // Like a poll: one request's worth of time, in one of the connection's lanes.
        run: async (now) => {
          const started = new Date();
          await new Promise((resolve) => setTimeout(resolve, Number(jobMs ?? 15)));
          await sql`insert into fleet_schedule_runs (connection_id, worker, at, started_at, ended_at)
            values (${connection.id}, ${workerId}, ${now}, ${started}, ${new Date()})`.execute(store.db);
        },
      },
    ],
  }),
});
await runtime.start();
process.stdout.write('started\n');
process.on('SIGTERM', async () => {
  await runtime.stop(2_000);
  await store.close();
  process.exit(0);
});
