// How many jobs one claim may take from a connection.
//
// Claims are batched because a claim's statements, not the jobs, bound the engine's throughput.
// But a worker that takes all of a connection's slots in one claim keeps them: its jobs start
// together and finish together, it is the first to know, and it claims them all again, while the
// other workers of the fleet sleep until their next poll. With one connection holding the backlog
// (a big import, a shop that was offline) one process then runs nearly all of it.
//
// So one claim takes at most half of the connection's limit (at least one job). A worker's jobs
// of one connection then start in two or more claims and finish at different moments, and a
// worker polling in between finds a free slot and keeps it from then on (it claims again when its
// own job finishes). A worker alone still fills the connection: it claims again at once after a
// claim that gave it jobs. Half of the limit rather than half of the free slots: when every worker
// is busy, the slots a worker frees are its own to take back in one batch (halving the free slots
// split such a batch into log2(free) claims and cost the queue benchmark half its throughput with
// 4 workers). A share per worker (limit / workers) would need the number of live workers, which
// the database does not hold.

/**
 * Jobs to take in one claim, given the claiming worker's free slots and the connection's free
 * slots and limit.
 */
export function claimShare(workerFree: number, connectionFree: number, connectionLimit: number): number {
  if (workerFree < 1 || connectionFree < 1) return 0;
  return Math.min(workerFree, connectionFree, Math.max(1, Math.floor(connectionLimit / 2)));
}
