// Builds one connection's flows (handlers and schedules) from its config.
import type { FlowSet } from '../app/flow-set.ts';
import type { Runtime } from '../app/runtime.ts';
import type { ConnectionConfig } from '../config/schema.ts';

export interface BuildContext {
  configFile?: string;
}

export async function buildConnectionFlows(
  _connection: ConnectionConfig,
  _runtime: Runtime,
  _context: BuildContext = {},
): Promise<FlowSet> {
  return { handlers: {}, schedules: [] };
}
