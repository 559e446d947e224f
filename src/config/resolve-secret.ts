// Turns a secret reference from the config into its value at the moment a client is built. The
// value lives only in memory: it is never written back to the config, the store or a log.
import type { SecretStore } from '../store/secrets.ts';
import type { SecretValue } from './schema.ts';

export async function resolveSecret(
  value: SecretValue,
  context: { connectionId: string; path: string; secrets?: SecretStore; env?: NodeJS.ProcessEnv },
): Promise<string> {
  if (typeof value === 'string') return value;
  if ('env' in value) {
    const found = (context.env ?? process.env)[value.env];
    if (!found) throw new Error(`${context.path}: environment variable ${value.env} is not set`);
    return found;
  }
  const stored = await context.secrets?.get(context.connectionId, value.secret);
  if (stored === undefined) {
    throw new Error(
      `${context.path}: secret "${value.secret}" is not stored for connection ${context.connectionId} (koppla secret set)`,
    );
  }
  return stored;
}
