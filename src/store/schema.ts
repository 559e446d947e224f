// Kysely's view of the tables created by ./migrations. Keep the two in step.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;
type BigIntColumn = ColumnType<string, string | number | bigint, string | number | bigint>;
type GeneratedBigInt = ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ConnectionsTable {
  id: string;
  name: string;
  flow_mode: string;
  config: JSONColumnType<Record<string, unknown>>;
  max_concurrency: number;
  last_claimed_at: Timestamp | null;
  paused: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ShopsTable {
  connection_id: string;
  id: string;
  config: JSONColumnType<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
}

export interface BindingsTable {
  id: GeneratedBigInt;
  connection_id: string;
  entity_type: string;
  /** '' for entities that are the same in every shop of the connection. */
  shop_id: string;
  magento_key: string;
  specter_key: string;
  /** Fingerprint of what was last written, so unchanged records are not written again. */
  state: Json | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CursorsTable {
  connection_id: string;
  shop_id: string;
  stream: string;
  value: string;
  updated_at: Timestamp;
}

/** One schedule's timing and who runs it now (src/engine/schedule.ts). */
export interface SchedulesTable {
  connection_id: string;
  name: string;
  next_due_at: Timestamp;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  run_again: Generated<boolean>;
  /** When the current lease was taken: runs waiting for a lane go in this order. */
  leased_at: Timestamp | null;
  /** The current run has its lane (it counts against the connection's limit until it ends). */
  has_lane: Generated<boolean>;
  updated_at: Timestamp;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'dead';

export interface JobsTable {
  id: GeneratedBigInt;
  connection_id: string;
  shop_id: string;
  stream: string;
  kind: string;
  entity_key: string;
  dedupe_key: string | null;
  /** Jobs with the same serial key (one remote object) never run at the same time. */
  serial_key: string | null;
  /** Ordering token of the payload; a coalescing enqueue never replaces a newer payload. */
  seq: BigIntColumn;
  payload: Json;
  status: JobStatus;
  priority: number;
  attempts: number;
  max_attempts: number;
  run_at: Timestamp;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface JobAttemptsTable {
  id: GeneratedBigInt;
  job_id: BigIntColumn;
  attempt: number;
  worker: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  outcome: string | null;
  error: string | null;
  /** Requests and responses of this attempt, secrets redacted. */
  log: Json | null;
}

export interface DeadLettersTable {
  id: GeneratedBigInt;
  job_id: BigIntColumn;
  connection_id: string;
  shop_id: string;
  stream: string;
  kind: string;
  entity_key: string;
  cause_code: string;
  message: string;
  payload: Json;
  attempts: number;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
  resolution: string | null;
}

export interface EventsTable {
  id: GeneratedBigInt;
  connection_id: string;
  shop_id: string;
  entity_type: string;
  entity_key: string;
  job_id: BigIntColumn | null;
  kind: string;
  message: string;
  data: Json | null;
  at: Timestamp;
}

export interface UsageTable {
  connection_id: string;
  month: string;
  metric: string;
  count: BigIntColumn;
}

export interface SecretsTable {
  connection_id: string;
  name: string;
  key_id: string;
  ciphertext: string;
  updated_at: Timestamp;
}

export interface PendingWritesTable {
  connection_id: string;
  shop_id: string;
  kind: string;
  key: string;
  value: Json;
  seq: BigIntColumn;
  written_seq: ColumnType<string, string | number | undefined, string | number>;
  written_value: Json | null;
  updated_at: Timestamp;
}

export interface OpenOrderLinesTable {
  connection_id: string;
  shop_id: string;
  increment_id: string;
  sku: string;
  qty: ColumnType<string, number | string, number | string>;
  booked: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface UsersTable {
  id: GeneratedBigInt;
  username: string;
  password_hash: string;
  /** operator (may change things) or viewer (read-only). */
  role: string;
  /** True: every connection; false: only those in user_grants (tenant isolation). */
  all_connections: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export interface UserGrantsTable {
  user_id: BigIntColumn;
  connection_id: string;
}

export interface SessionsTable {
  id: string;
  user_id: BigIntColumn;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ReportsTable {
  id: GeneratedBigInt;
  connection_id: string;
  /** initial-sync-dry-run, initial-sync, reconcile ... */
  kind: string;
  summary: Json;
  body: Json;
  created_at: Timestamp;
}

/** A report's entries, a few thousand a part, in order (`reports.body` says how many parts). */
export interface ReportPartsTable {
  report_id: ColumnType<string, string | number | bigint, string | number | bigint>;
  part: number;
  body: Json;
  created_at: Generated<Date>;
}

/** Lanes of a connection held outside the job queue (an initial sync), counted by every claim. */
/** A process running jobs (`koppla start`, `koppla worker`), alive while its heartbeat is recent. */
export interface WorkerProcessesTable {
  /** Host, process id and a random part: `shop-1:4711:9f3a0c1e`. */
  id: string;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
}

export interface LaneHoldsTable {
  id: GeneratedBigInt;
  connection_id: string;
  /** Who holds them, for an operator: the command, host and process. */
  holder: string;
  lanes: number;
  lease_until: Timestamp;
  created_at: GeneratedTimestamp;
}

export interface Database {
  users: UsersTable;
  user_grants: UserGrantsTable;
  sessions: SessionsTable;
  reports: ReportsTable;
  report_parts: ReportPartsTable;
  pending_writes: PendingWritesTable;
  open_order_lines: OpenOrderLinesTable;
  connections: ConnectionsTable;
  shops: ShopsTable;
  bindings: BindingsTable;
  cursors: CursorsTable;
  schedules: SchedulesTable;
  lane_holds: LaneHoldsTable;
  worker_processes: WorkerProcessesTable;
  jobs: JobsTable;
  job_attempts: JobAttemptsTable;
  dead_letters: DeadLettersTable;
  events: EventsTable;
  usage: UsageTable;
  secrets: SecretsTable;
}
