// Prometheus metrics. Queue figures are read from the store at scrape time, so every worker
// process reports the same truth about the shared queue.
import { Gauge, Registry } from 'prom-client';
import type { Runtime } from '../app/runtime.ts';
import { systemClock } from '../engine/clock.ts';
import { liveWorkerProcesses } from '../engine/worker-processes.ts';

export function createMetrics(runtime: Runtime): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'koppla_jobs',
    help: 'Jobs in the store by connection and status',
    labelNames: ['connection', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await runtime.store.db
        .selectFrom('jobs')
        .select(['connection_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy(['connection_id', 'status'])
        .execute();
      for (const row of rows) this.set({ connection: row.connection_id, status: row.status }, Number(row.n));
    },
  });
  new Gauge({
    name: 'koppla_dead_letters_open',
    help: 'Dead letters waiting for a person, by connection and cause',
    labelNames: ['connection', 'cause'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await runtime.store.db
        .selectFrom('dead_letters')
        .select(['connection_id', 'cause_code', (eb) => eb.fn.countAll<string>().as('n')])
        .where('resolved_at', 'is', null)
        .groupBy(['connection_id', 'cause_code'])
        .execute();
      for (const row of rows)
        this.set({ connection: row.connection_id, cause: row.cause_code }, Number(row.n));
    },
  });
  new Gauge({
    name: 'koppla_worker_processes',
    help: 'Processes running jobs (koppla start, koppla worker) whose heartbeat is recent',
    registers: [registry],
    async collect() {
      this.set((await liveWorkerProcesses(runtime.store.db, systemClock.now())).length);
    },
  });
  return registry;
}
