// A connection's plugins from its config (`plugins: [{ use, settings }]`), paths relative to the
// config file's folder.
import { dirname, resolve } from 'node:path';
import type { ConnectionConfig } from '../config/schema.ts';
import { loadPlugins } from './load.ts';
import type { PluginSet } from './plugin-set.ts';

export async function loadConnectionPlugins(
  connection: ConnectionConfig,
  configFile?: string,
): Promise<PluginSet | undefined> {
  if (connection.plugins.length === 0) return undefined;
  return loadPlugins(connection.plugins, {
    baseDir: configFile ? dirname(resolve(configFile)) : process.cwd(),
    source: `${configFile ?? 'config'} (connection ${connection.id})`,
  });
}
