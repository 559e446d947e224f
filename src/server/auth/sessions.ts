// Login sessions. The browser holds a random token in an HttpOnly cookie; the store keeps only its
// SHA-256, so a leaked database does not hand out live sessions. Each session has its own CSRF
// token, which the dashboard sends back in a header on every change.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { isRole, type Role } from './users.ts';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface SessionUser {
  userId: string;
  username: string;
  role: Role;
  csrfToken: string;
  expiresAt: Date;
  /** The connections this user may see and change; null for every connection. */
  connections: string[] | null;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class SessionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a session; returns the cookie token (shown once, never stored) and the CSRF token. */
  async create(userId: string): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const now = this.now();
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await this.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
    await this.db
      .insertInto('sessions')
      .values({
        id: digest(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
    return { token, csrfToken, expiresAt };
  }

  async find(token: string): Promise<SessionUser | undefined> {
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.user_id', 's.csrf_token', 's.expires_at', 'u.username', 'u.role', 'u.all_connections'])
      .where('s.id', '=', digest(token))
      .where('s.expires_at', '>', this.now())
      .executeTakeFirst();
    if (!row) return undefined;
    // Grants are read on every request, so a revoked grant takes effect at once.
    const connections = row.all_connections
      ? null
      : (
          await this.db
            .selectFrom('user_grants')
            .select('connection_id')
            .where('user_id', '=', row.user_id)
            .orderBy('connection_id')
            .execute()
        ).map((g) => g.connection_id);
    return {
      userId: String(row.user_id),
      username: row.username,
      role: isRole(row.role) ? row.role : 'viewer',
      csrfToken: row.csrf_token,
      expiresAt: new Date(row.expires_at),
      connections,
    };
  }

  async end(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', digest(token)).execute();
  }
}
