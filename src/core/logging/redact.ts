/**
 * Scrubs secrets from log text. Applied to every line before it reaches the console, the file or the in-memory
 * tail, so a careless `logger.info(JSON.stringify(req.body))` cannot write a password to disk.
 *
 * What goes: JWTs (three base64url parts starting with eyJ), `Bearer <anything>`, the value of any
 * password / secret / token / authorization / apiKey / credential field (JSON, key=value and key: value),
 * and any literal the process registered as secret (the generated access token, ENCRYPTION_KEY, ...).
 */
export const REDACTED = '[REDACTED]';

const JWT_RE = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER_RE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// Bounded affixes keep the regexes linear: unbounded `[A-Za-z_]*` around the keyword backtracks quadratically on
// a long run such as "tokentoken...", and log lines can carry client-supplied text.
const SENSITIVE_KEY = String.raw`[A-Za-z_]{0,40}(?:password|passwd|pwd|secret|token|authorization|api[_-]?key|credential|encryption[_-]?key)[A-Za-z_]{0,40}`;
// "password":"..." (JSON, with escaped quotes inside the value)
const JSON_FIELD_RE = new RegExp(String.raw`("${SENSITIVE_KEY}"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi');
// password=... or password: ... (query strings, env dumps, util.inspect output)
const KV_FIELD_RE = new RegExp(String.raw`(\b${SENSITIVE_KEY}\s*[=:]\s*)(?!\[REDACTED\])(['"]?)[^\s,;&'"}]+\2`, 'gi');

const SENSITIVE_KEY_RE = new RegExp(`^${SENSITIVE_KEY}$`, 'i');

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY_RE.test(key);
}

/** Longer lines are cut AFTER redaction (cutting first could split a secret so that its pattern no longer matches). */
export const MAX_LINE_LENGTH = 16_384;

export function redact(text: string, literals: Iterable<string> = []): string {
  let out = text;
  for (const literal of literals) {
    // Short literals would scrub ordinary words; registered secrets are long random strings.
    if (literal.length >= 8) out = out.split(literal).join(REDACTED);
  }
  out = out
    .replace(JWT_RE, REDACTED)
    .replace(BEARER_RE, `$1 ${REDACTED}`)
    .replace(JSON_FIELD_RE, `$1"${REDACTED}"`)
    .replace(KV_FIELD_RE, `$1${REDACTED}`);
  return out.length > MAX_LINE_LENGTH ? `${out.slice(0, MAX_LINE_LENGTH)}... (${out.length - MAX_LINE_LENGTH} more characters)` : out;
}

/** Deep copy of a log metadata object with sensitive fields replaced, safe against cycles. */
export function redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSensitiveKey(k) ? REDACTED : redactValue(v, seen);
  return out;
}
