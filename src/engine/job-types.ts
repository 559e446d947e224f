// Shapes of jobs as the engine hands them around (the table row, decoded).
import type { JobStatus } from '../store/schema.ts';

export interface EnqueueInput {
  connectionId: string;
  shopId?: string;
  stream: string;
  kind: string;
  /** The record this job is about (order increment id, SKU ...): what the timeline is keyed by. */
  entityKey: string;
  /** Jobs with the same key coalesce while queued: the newest payload wins. */
  dedupeKey?: string;
  /**
   * Jobs with the same serial key run one at a time but do not coalesce: different records of
   * Koppla's that write the same remote object (one Magento product imported for two shops).
   */
  serialKey?: string;
  /** Ordering token of the payload; an older payload never replaces a newer one. */
  seq?: number;
  payload: unknown;
  priority?: number;
  maxAttempts?: number;
  runAt?: Date;
}

export interface Job {
  id: string;
  connectionId: string;
  shopId: string;
  stream: string;
  kind: string;
  entityKey: string;
  dedupeKey: string | null;
  serialKey: string | null;
  seq: number;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
}

export interface DeadLetterFilter {
  connectionId?: string;
  shopId?: string;
  stream?: string;
  causeCode?: string;
  ids?: string[];
}
