// Loads a connection's plugins in config order: a path (relative to the config file's folder) or a
// package name, imported with dynamic import (tsx is registered in every Koppla process, so a
// TypeScript file works as is). Each plugin's settings are parsed by the schema it declares; any
// problem stops startup with a config-style message naming the path (`plugins[0].settings.fee: required`).
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, formatPath } from '../config/load.ts';
import { isKopplaPlugin } from './define.ts';
import { PluginSet } from './plugin-set.ts';
import { DEFAULT_HOOK_TIMEOUT_MS } from './run-hook.ts';
import type { KopplaPlugin, LoadedPlugin } from './types.ts';

export interface PluginEntry {
  use: string;
  settings?: Record<string, unknown>;
}

export interface LoadOptions {
  /** Folder that relative paths start from: the config file's folder (default: the working directory). */
  baseDir?: string;
  /** Named in error messages, e.g. `connection demo`. */
  source?: string;
  /** Overrides every plugin's per-hook time limit (tests). */
  timeoutMs?: number;
}

function looksLikePath(use: string): boolean {
  return use.startsWith('.') || isAbsolute(use) || /\.(m?[jt]s)$/.test(use);
}

/** The URL or specifier to import for a `use` entry. */
export function resolvePluginSpecifier(use: string, baseDir: string): string {
  if (looksLikePath(use)) return pathToFileURL(resolve(baseDir, use)).href;
  // A package: found from the config's folder first (a merchant's own node_modules), then Koppla's.
  try {
    return pathToFileURL(createRequire(join(baseDir, 'koppla-config.js')).resolve(use)).href;
  } catch {
    return use;
  }
}

async function importPlugin(use: string, baseDir: string): Promise<KopplaPlugin<unknown>> {
  const module = (await import(resolvePluginSpecifier(use, baseDir))) as Record<string, unknown>;
  const candidate = [module.default, module.plugin].find(isKopplaPlugin);
  if (!candidate) throw new Error('it does not export a plugin (export default definePlugin({...}))');
  return candidate;
}

/** Imports one plugin and parses its settings; problems are returned as `path: problem` lines. */
export async function loadPlugin(
  entry: PluginEntry,
  index: number,
  options: LoadOptions = {},
): Promise<{ loaded?: LoadedPlugin; problems: string[] }> {
  const at = `plugins[${index}]`;
  let plugin: KopplaPlugin<unknown>;
  try {
    plugin = await importPlugin(entry.use, options.baseDir ?? process.cwd());
  } catch (error) {
    return {
      problems: [`${at}.use: cannot load "${entry.use}": ${(error as Error).message.split('\n')[0]}`],
    };
  }
  let settings: unknown = entry.settings ?? {};
  if (plugin.settings) {
    const parsed = plugin.settings.safeParse(settings, {
      error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined),
    });
    if (!parsed.success) {
      return {
        problems: parsed.error.issues.map(
          (issue) => `${formatPath([...`${at}.settings`.split('.'), ...issue.path])}: ${issue.message}`,
        ),
      };
    }
    settings = parsed.data;
  }
  return {
    problems: [],
    loaded: {
      plugin,
      settings,
      source: entry.use,
      index,
      timeoutMs: options.timeoutMs ?? plugin.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
    },
  };
}

/** Every plugin of a connection, or a ConfigError listing every problem found. */
export async function loadPlugins(
  entries: readonly PluginEntry[],
  options: LoadOptions = {},
): Promise<PluginSet> {
  const loaded: LoadedPlugin[] = [];
  const problems: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const result = await loadPlugin(entry, index, options);
    problems.push(...result.problems);
    if (result.loaded) loaded.push(result.loaded);
  }
  if (problems.length > 0) throw new ConfigError(options.source ?? 'plugins', problems);
  return new PluginSet(loaded);
}
