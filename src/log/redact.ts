/**
 * Redaction for everything AirGate logs. Two nets: any field whose name looks secret is replaced
 * whatever its nesting, and any string that contains a registered secret value (configured keys,
 * a SecretAccessKey just created) has that value cut out — so a secret inside an error message or
 * a URL is caught too.
 */
export const REDACTED = '[REDACTED]';

const secretKeyPattern =
  /^(authorization|x-api-key|x-security-token|cookie|set-cookie|password|passwd|signature|x-signature|x-lark-signature|secret|secretaccesskey|secret_access_key|secretkey|sk|app_secret|appsecret|encrypt_key|encryptkey|verification_token|verificationtoken|token|tenant_access_token|app_access_token|user_access_token|api_key|apikey|key_hash|encryptionkey|encryption_key|ciphertext|challenge)$/i;

const secretValues = new Set<string>();

/** Registers a value that must never be printed (ignored if too short to be a meaningful secret). */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 8) secretValues.add(value);
}

export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key) || /secret|password|access_?token/i.test(key);
}

export function scrubString(value: string): string {
  let out = value;
  for (const secret of secretValues) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  // Authorization headers that reach a string (a curl line, an error) keep their scheme only.
  return out
    .replace(/(HMAC-SHA256 Credential=)[^\s,]+(.*?Signature=)[0-9a-f]+/g, `$1${REDACTED}$2${REDACTED}`)
    .replace(/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`);
}

export function redactDeep(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length}]`;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, seen));
  if (value instanceof Error) {
    return redactDeep({ ...value, type: value.name, message: value.message, stack: value.stack }, seen);
  }
  if (value instanceof Headers) return redactDeep(Object.fromEntries(value.entries()), seen);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== undefined && v !== null && v !== '' ? REDACTED : redactDeep(v, seen);
  }
  return out;
}
