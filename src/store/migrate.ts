// Runs the migration set against the open store. Migrations are listed here explicitly (not read
// from the file system) so the set is identical wherever the code runs.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as initial from './migrations/001-initial.ts';
import * as flowState from './migrations/002-flow-state.ts';
import * as admin from './migrations/003-admin.ts';
import * as grants from './migrations/004-grants.ts';
import * as schedules from './migrations/005-schedules.ts';
import * as retention from './migrations/006-retention.ts';
import * as reportParts from './migrations/007-report-parts.ts';
import * as laneHolds from './migrations/008-lane-holds.ts';
import * as serialKey from './migrations/009-serial-key.ts';
import * as workerProcesses from './migrations/010-worker-processes.ts';
import * as claimOrder from './migrations/011-claim-order.ts';
import * as jobsByEntity from './migrations/012-jobs-by-entity.ts';
import type { Database } from './schema.ts';

const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-flow-state': flowState,
  '003-admin': admin,
  '004-grants': grants,
  '005-schedules': schedules,
  '006-retention': retention,
  '007-report-parts': reportParts,
  '008-lane-holds': laneHolds,
  '009-serial-key': serialKey,
  '010-worker-processes': workerProcesses,
  '011-claim-order': claimOrder,
  '012-jobs-by-entity': jobsByEntity,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
