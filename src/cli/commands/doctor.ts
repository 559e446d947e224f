// `koppla doctor`: checks what Koppla needs and says what to do about each failure.
import type { Command } from 'commander';
import { loadConfigFile } from '../../config/load.ts';
import { loadKeyring } from '../../store/secrets.ts';
import { openMigratedStore, withStoreOptions } from './common.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function registerDoctorCommand(program: Command): void {
  withStoreOptions(
    program
      .command('doctor')
      .description('check the database, the secret keys and (with --config) each connection')
      .option('-c, --config <file>', 'connection config (YAML)'),
  ).action(async (options) => {
    const checks: Check[] = [];
    try {
      const store = await openMigratedStore(options);
      checks.push({ name: 'database', ok: true, detail: `${store.backend} reachable, schema up to date` });
      await store.close();
    } catch (error) {
      checks.push({
        name: 'database',
        ok: false,
        detail: `${(error as Error).message}: check DATABASE_URL or --data-dir`,
      });
    }
    try {
      const keyring = loadKeyring();
      checks.push({
        name: 'secret keys',
        ok: !keyring.insecureDefault,
        detail: keyring.insecureDefault
          ? 'using the built-in demo key: set KOPPLA_SECRET_KEYS (id:base64 of 32 random bytes) before storing real secrets'
          : `${keyring.keys.length} key(s), current "${keyring.keys[0]!.id}"`,
      });
    } catch (error) {
      checks.push({ name: 'secret keys', ok: false, detail: (error as Error).message });
    }
    if (options.config) {
      try {
        const config = loadConfigFile(options.config);
        checks.push({ name: 'config', ok: true, detail: `${config.connections.length} connection(s)` });
        const { checkConnection } = await import('../../flows/doctor-checks.ts');
        for (const connection of config.connections) checks.push(...(await checkConnection(connection)));
      } catch (error) {
        checks.push({ name: 'config', ok: false, detail: (error as Error).message });
      }
    }
    for (const check of checks)
      process.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}\n`);
    if (checks.some((c) => !c.ok)) process.exitCode = 1;
  });
}
