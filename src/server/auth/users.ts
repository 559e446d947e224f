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

function toUser(row: { id: string; username: string; role: string; created_at: Date }): User {
  return {
    id: String(row.id),
    username: row.username,
    // An unknown role stored by hand is treated as the weaker one.
    role: isRole(row.role) ? row.role : 'viewer',
    createdAt: new Date(row.created_at),
  };
}
