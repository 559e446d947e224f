// `koppla secret set CONNECTION NAME` (value from the prompt or stdin), `koppla secret list`,
// `koppla secret remove`, `koppla secret rotate` (re-encrypt under the newest key) and
// `koppla secret callback-url CONNECTION --base URL` (the callback URL with its token). Values are
// never taken as arguments (they would sit in the shell history) and never printed.
import type { Command } from 'commander';
import { callbackUrl, ensureCallbackToken } from '../../store/callback-token.ts';
import { loadKeyring, SecretStore } from '../../store/secrets.ts';
import { openMigratedStore, type StoreCliOptions, withStoreOptions } from './common.ts';
import { readHidden } from './read-hidden.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The keyring for commands that write secrets. The built-in demo key is public (it is in the
 * source), so storing a real secret under it would only look like encryption: refuse.
 */
function writingKeyring() {
  const keyring = loadKeyring();
  if (keyring.insecureDefault)
    throw new Error(
      'No encryption key: set KOPPLA_SECRET_KEYS ("id:base64 of 32 random bytes", newest first) or KOPPLA_SECRET_KEY_FILE. ' +
        "Make one with: node -e \"console.log('k1:' + require('crypto').randomBytes(32).toString('base64'))\"",
    );
  return keyring.keys;
}

async function withSecrets<T>(
  options: StoreCliOptions,
  fn: (secrets: SecretStore) => Promise<T>,
): Promise<T> {
  const keys = writingKeyring();
  const store = await openMigratedStore(options);
  try {
    return await fn(new SecretStore(store.db, keys));
  } finally {
    await store.close();
  }
}

export function registerSecretCommands(program: Command): void {
  const secret = program
    .command('secret')
    .description('connection secrets, encrypted at rest (config refers to them as { secret: NAME })');

  withStoreOptions(
    secret
      .command('set <connection> <name>')
      .description('store a secret (the value is prompted for, or read from the first line of stdin)'),
  ).action(async (connection: string, name: string, options) => {
    if (!NAME.test(name))
      throw new Error('A secret name is 1-64 letters, digits, dots, dashes or underscores');
    const value = await readHidden(`Value of ${name} for ${connection}: `);
    if (value === '') throw new Error('Empty value: nothing stored');
    await withSecrets(options, (secrets) => secrets.put(connection, name, value));
    process.stdout.write(`Secret ${name} of ${connection} stored (encrypted)\n`);
  });

  withStoreOptions(
    secret.command('list [connection]').description('list stored secrets (names and key ids, never values)'),
  ).action(async (connection: string | undefined, options) => {
    const store = await openMigratedStore(options);
    try {
      // Listing needs no key: only names are read.
      for (const s of await new SecretStore(store.db, []).list(connection))
        process.stdout.write(`${s.connectionId}\t${s.name}\tkey ${s.keyId}\t${s.updatedAt.toISOString()}\n`);
    } finally {
      await store.close();
    }
  });

  withStoreOptions(secret.command('remove <connection> <name>').description('delete a stored secret')).action(
    async (connection: string, name: string, options) => {
      const store = await openMigratedStore(options);
      try {
        if (!(await new SecretStore(store.db, []).remove(connection, name)))
          throw new Error(`No secret ${name} for ${connection}`);
        process.stdout.write(`Secret ${name} of ${connection} removed\n`);
      } finally {
        await store.close();
      }
    },
  );

  withStoreOptions(
    secret
      .command('rotate')
      .description(
        're-encrypt every secret with the newest key (the first in KOPPLA_SECRET_KEYS); older keys can then be dropped',
      ),
  ).action(async (options) => {
    const changed = await withSecrets(options, (secrets) => secrets.rotate());
    process.stdout.write(`${changed} secret(s) re-encrypted with the newest key\n`);
  });

  withStoreOptions(
    secret
      .command('callback-url <connection>')
      .description("the URL to register as Specter callback URL, with the connection's callback token")
      .requiredOption('--base <url>', 'where Specter reaches this server, e.g. https://koppla.example.com')
      .option('--rotate', 'make a new token (rings to the old URL are refused from then on)'),
  ).action(async (connection: string, options) => {
    const url = await withSecrets(options, async (secrets) =>
      callbackUrl(options.base, connection, await ensureCallbackToken(secrets, connection, options)),
    );
    // The one place a token is shown: it has to be registered with Specter.
    process.stdout.write(`${url}\n`);
  });
}
