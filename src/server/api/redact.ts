// Redaction at output: attempt logs and event data are redacted when written, but anything that
// still looks like a secret is hidden again before it leaves the API (defence in depth).

export const REDACTED = '[redacted]';

const SECRET_KEY_WORDS = ['password', 'passwd', 'secret', 'token', 'authorization', 'cookie', 'apikey'];
const SECRET_KEYS = new Set(['key', 'pass', 'pwd', 'auth', 'apiuserkey', 'integrationkey', 'privatekey']);

/** Whether a property name says its value is a secret (password, token, key, authorization ...). */
export function isSecretKey(name: string): boolean {
  const flat = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEYS.has(flat) || SECRET_KEY_WORDS.some((word) => flat.includes(word));
}

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const QUERY_SECRET =
  /([?&;](?:key|token|access_token|password|secret|apikey|api_key|signature)=)[^&#\s"']*/gi;
const WORD_SECRET =
  /\b((?:token|password|passwd|secret|api_?key|key)\s*[=:]\s*)(?!\[redacted\])[^\s&;,"'<>]+/gi;
const PAIR_SECRET = /("(?:password|token|secret|key|authorization|api_?key)"\s*:\s*")[^"]*(")/gi;

export function redactString(value: string): string {
  return value
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(QUERY_SECRET, `$1${REDACTED}`)
    .replace(WORD_SECRET, `$1${REDACTED}`)
    .replace(PAIR_SECRET, `$1${REDACTED}$2`);
}

/** A deep copy with secret-named properties replaced and secret-looking strings cleaned. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 50) return REDACTED;
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretKey(key) && item !== null && item !== '' ? REDACTED : redactDeep(item, depth + 1);
    }
    return out;
  }
  return value;
}
