// Dashboard users: operators may change things (replay, skip, rewind); viewers only look.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';

export const roles = ['operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export interface User {
  id: string;
  username: string;
  role: Role;
  /** True: every connection; false: only `grants`. */
  allConnections: boolean;
  createdAt: Date;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export class UserError extends Error {}

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(username: string, password: string, role: Role): Promise<User> {
    checkNewUser(username, password, role);
    const existing = await this.findByUsername(username);
    if (existing) throw new UserError(`User "${username}" already exists`);
    const row = await this.db
      .insertInto('users')
      .values({ username, password_hash: await hashPassword(password), role })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  /** Creates the user, or gives an existing one this password and role. */
  async upsert(username: string, password: string, role: Role): Promise<User> {
    checkNewUser(username, password, role);
    const passwordHash = await hashPassword(password);
    const row = await this.db
      .insertInto('users')
      .values({ username, password_hash: passwordHash, role })
      .onConflict((oc) => oc.column('username').doUpdateSet({ password_hash: passwordHash, role }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async findByUsername(username: string): Promise<(User & { passwordHash: string }) | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
  }

  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(toUser);
  }

  async remove(username: string): Promise<boolean> {
    const result = await this.db.deleteFrom('users').where('username', '=', username).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Limits a user to the named connections (added to any granted before). From then on the user
   * sees nothing of other connections, including ones added to the config later.
   */
  async grant(username: string, connectionIds: string[]): Promise<void> {
    const user = await this.require(username);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ all_connections: false }).where('id', '=', user.id).execute();
      for (const connectionId of connectionIds) {
        await trx
          .insertInto('user_grants')
          .values({ user_id: user.id, connection_id: connectionId })
          .onConflict((oc) => oc.columns(['user_id', 'connection_id']).doNothing())
          .execute();
      }
    });
  }

  /** Takes connections away; a limited user left with none sees nothing (never everything). */
  async revoke(username: string, connectionIds: string[]): Promise<void> {
    const user = await this.require(username);
    await this.db
      .deleteFrom('user_grants')
      .where('user_id', '=', user.id)
      .where('connection_id', 'in', connectionIds)
      .execute();
  }

  /** Lets a user see every connection again (provider staff); their grants are dropped. */
  async grantAll(username: string): Promise<void> {
    const user = await this.require(username);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_grants').where('user_id', '=', user.id).execute();
      await trx.updateTable('users').set({ all_connections: true }).where('id', '=', user.id).execute();
    });
  }

  /** The connections a user may see: null for all. */
  async grantsOf(username: string): Promise<string[] | null> {
    const user = await this.require(username);
    if (user.allConnections) return null;
    const rows = await this.db
      .selectFrom('user_grants')
      .select('connection_id')
      .where('user_id', '=', user.id)
      .orderBy('connection_id')
      .execute();
    return rows.map((r) => r.connection_id);
  }

  private async require(username: string): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw new UserError(`No user "${username}"`);
    return user;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function checkNewUser(username: string, password: string, role: string): void {
  if (!USERNAME.test(username))
    throw new UserError('A username is 1-64 letters, digits, dots, dashes, underscores or @');
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UserError(`A password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (!isRole(role)) throw new UserError(`Role must be one of: ${roles.join(', ')}`);
}

function toUser(row: {
  id: string;
  username: string;
  role: string;
  all_connections: boolean;
  created_at: Date;
}): User {
  return {
    id: String(row.id),
    username: row.username,
    // An unknown role stored by hand is treated as the weaker one.
    role: isRole(row.role) ? row.role : 'viewer',
    allConnections: row.all_connections,
    createdAt: new Date(row.created_at),
  };
}
