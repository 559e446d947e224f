// What a connection contributes to the engine: job handlers by kind, and periodic schedules.
import type { JobHandler } from '../engine/worker.ts';

export interface Schedule {
  /** Unique within the connection, e.g. `orders-poll:se`. */
  name: string;
  intervalMs: number;
  run(now: Date): Promise<void>;
}

export interface FlowSet {
  handlers: Record<string, JobHandler>;
  schedules: Schedule[];
}
