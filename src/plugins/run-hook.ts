// Calls one hook of one plugin inside a fence: a throw, an answer later than the time limit, or
// (checked by the caller) a wrong shape becomes a PermanentError with code `plugin-error` naming the
// plugin and the hook, so that one job is dead-lettered and the worker goes on with the others.
import { PermanentError, SyncError } from '../domain/errors.ts';
import type { LoadedPlugin } from './types.ts';

export const DEFAULT_HOOK_TIMEOUT_MS = 5_000;

export function pluginError(
  loaded: LoadedPlugin,
  hook: string,
  problem: string,
  cause?: unknown,
): PermanentError {
  return new PermanentError(`Plugin "${loaded.plugin.name}" (${loaded.source}) ${hook}: ${problem}`, {
    code: 'plugin-error',
    details: { plugin: loaded.plugin.name, hook, source: loaded.source },
    cause,
  });
}

export function isPluginError(error: unknown): boolean {
  return error instanceof SyncError && error.code === 'plugin-error';
}

/**
 * Runs `call` with an AbortSignal that fires at the time limit. The hook is not awaited past the
 * limit: a plugin stuck in a loop of promises cannot hold the job (a plugin stuck in synchronous
 * code cannot be interrupted by anything inside one process; the job's own timeout covers that).
 */
export async function callHook<T>(
  loaded: LoadedPlugin,
  hook: string,
  call: (signal: AbortSignal) => T | Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeLimit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = pluginError(loaded, hook, `did not answer within ${loaded.timeoutMs} ms`);
      abort.abort(error);
      reject(error);
    }, loaded.timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => call(abort.signal)), timeLimit]);
  } catch (error) {
    if (isPluginError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw pluginError(loaded, hook, `threw: ${message}`, error);
  } finally {
    clearTimeout(timer);
  }
}
