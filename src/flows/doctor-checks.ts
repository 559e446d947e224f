// Checks of one connection against its remotes, for `koppla doctor`.
import type { Check } from '../cli/commands/doctor.ts';
import type { ConnectionConfig } from '../config/schema.ts';

export async function checkConnection(connection: ConnectionConfig): Promise<Check[]> {
  return [{ name: `${connection.id}: remote checks`, ok: false, detail: 'not available yet in this build' }];
}
