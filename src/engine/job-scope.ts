// The job an async call chain is working for. Clients are shared by all jobs of a connection, so
// their per-request log reaches the right job's attempt record through this scope.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface JobScope {
  jobId: string;
  record(entry: Record<string, unknown>): void;
}

const storage = new AsyncLocalStorage<JobScope>();

export function runInJobScope<T>(scope: JobScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

/** Adds an entry to the current job's attempt log; outside a job it is dropped. */
export function recordInJob(entry: Record<string, unknown>): void {
  storage.getStore()?.record(entry);
}
