// Password hashing for dashboard users: argon2id (memory-hard), with the library's PHC string
// holding salt and parameters so they can be raised later without breaking stored hashes.
import { type Algorithm, hash, verify } from '@node-rs/argon2';

// Argon2id: the declaration is a `const enum`, which isolated-module compilation cannot inline.
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed login, not a server error.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check when the user does not exist, so response times do not
 * tell an attacker which usernames are real.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('koppla-no-such-user');
  await verifyPassword(await dummyHash, password);
  return false;
}
