// `koppla user add NAME --role operator|viewer`, `koppla user list`, `koppla user remove NAME`:
// dashboard logins. The password is prompted for (not echoed) unless given with --password.
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { isRole, roles, UserRepository } from '../../server/auth/users.ts';
import { openMigratedStore, withStoreOptions } from './common.ts';

/** Reads a password from the terminal without echoing it, or the first line of piped input. */
async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (char === '\u0003') {
          input.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        if (char === '\u007f') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}

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
      for (const u of await new UserRepository(store.db).list())
        process.stdout.write(`${u.username}\t${u.role}\t${u.createdAt.toISOString()}\n`);
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
}
