// `koppla user add NAME --role operator|viewer`, `koppla user list`, `koppla user remove NAME`:
// dashboard logins. The password is prompted for (not echoed) unless given with --password.
import type { Command } from 'commander';
import { isRole, roles, UserRepository } from '../../server/auth/users.ts';
import { openMigratedStore, withStoreOptions } from './common.ts';
import { readHidden as readPassword } from './read-hidden.ts';

export function registerUserCommands(program: Command): void {
  const user = program
    .command('user')
    .description('dashboard logins (operator: may change things; viewer: read-only)');

  withStoreOptions(
    user
      .command('add <name>')
      .description('add a dashboard user (the password is prompted for unless --password is given)')
      .requiredOption('--role <role>', `one of: ${roles.join(', ')}`)
      .option('--password <password>', 'the password (visible in the shell history: prefer the prompt)')
      .option('--update', 'give an existing user this password and role'),
  ).action(async (name: string, options) => {
    if (!isRole(options.role)) throw new Error(`--role must be one of: ${roles.join(', ')}`);
    let password: string = options.password;
    if (password === undefined) {
      password = await readPassword(`Password for ${name}: `);
      if (process.stdin.isTTY && (await readPassword('Again: ')) !== password)
        throw new Error('The two passwords differ');
    }
    const store = await openMigratedStore(options);
    try {
      const users = new UserRepository(store.db);
      const created = options.update
        ? await users.upsert(name, password, options.role)
        : await users.create(name, password, options.role);
      process.stdout.write(`User ${created.username} (${created.role}) is ready\n`);
    } finally {
      await store.close();
    }
  });

  withStoreOptions(user.command('list').description('list dashboard users')).action(async (options) => {
    const store = await openMigratedStore(options);
    try {
      const users = new UserRepository(store.db);
      for (const u of await users.list()) {
        const scope = u.allConnections ? '*' : ((await users.grantsOf(u.username)) ?? []).join(',') || '-';
        process.stdout.write(`${u.username}\t${u.role}\t${scope}\t${u.createdAt.toISOString()}\n`);
      }
    } finally {
      await store.close();
    }
  });

  withStoreOptions(
    user.command('remove <name>').description('remove a dashboard user and end their sessions'),
  ).action(async (name: string, options) => {
    const store = await openMigratedStore(options);
    try {
      const removed = await new UserRepository(store.db).remove(name);
      if (!removed) throw new Error(`No user "${name}"`);
      process.stdout.write(`User ${name} removed\n`);
    } finally {
      await store.close();
    }
  });

  withStoreOptions(
    user
      .command('grant <name> [connections...]')
      .description('limit a user to these connections (tenant isolation); --all: every connection again')
      .option('--all', 'let the user see every connection (provider staff)'),
  ).action(async (name: string, connections: string[], options) => {
    if (!options.all && connections.length === 0) throw new Error('Name one or more connections, or --all');
    const store = await openMigratedStore(options);
    try {
      const users = new UserRepository(store.db);
      if (options.all) await users.grantAll(name);
      else await users.grant(name, connections);
      const scope = await users.grantsOf(name);
      process.stdout.write(`User ${name} sees: ${scope === null ? 'every connection' : scope.join(', ')}\n`);
    } finally {
      await store.close();
    }
  });

  withStoreOptions(
    user
      .command('revoke <name> <connections...>')
      .description('take connections away from a limited user (one left with none sees nothing)'),
  ).action(async (name: string, connections: string[], options) => {
    const store = await openMigratedStore(options);
    try {
      const users = new UserRepository(store.db);
      if ((await users.grantsOf(name)) === null)
        throw new Error(`User ${name} sees every connection: limit them with \`koppla user grant\` first`);
      await users.revoke(name, connections);
      const scope = (await users.grantsOf(name)) ?? [];
      process.stdout.write(`User ${name} sees: ${scope.length ? scope.join(', ') : 'nothing'}\n`);
    } finally {
      await store.close();
    }
  });
}
