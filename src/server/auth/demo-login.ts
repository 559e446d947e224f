// `koppla demo` creates an operator login with a fresh random password and prints it.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { UserRepository } from './users.ts';

export const DEMO_USERNAME = 'demo';

export async function createDemoLogin(db: Kysely<Database>): Promise<{ username: string; password: string }> {
  const password = randomBytes(12).toString('base64url');
  await new UserRepository(db).upsert(DEMO_USERNAME, password, 'operator');
  return { username: DEMO_USERNAME, password };
}
