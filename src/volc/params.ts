import type { z } from 'zod';

/**
 * Query/form encoding of action parameters the way the official SDKs flatten them: a list becomes
 * Key.1, Key.2 … (1-based), an object inside it Key.1.Sub (Tags.1.Key), booleans `true`/`false`.
 * In a JSON body lists stay JSON arrays, so this is used only for query strings and form bodies.
 */
export function flattenParams(params: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (key: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(`${key}.${i + 1}`, item));
    } else if (typeof value === 'object' && !(value instanceof Date) && isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(`${key}.${k}`, v);
    } else {
      out.push([key, scalar(value)]);
    }
  };
  for (const [k, v] of Object.entries(params)) walk(k, v);
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  // Decimal and other value objects print themselves.
  return String(value as { toString(): string });
}

/** One line naming the field(s) that failed, e.g. `Result.UserMetadata.3.UserName: required field missing`. */
export function formatZodProblem(error: z.ZodError, root: string): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = [root, ...issue.path.map(String)].filter((p) => p !== '').join('.') || '(body)';
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    return `${path}: ${missing ? 'required field missing' : issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return parts.join('; ') + more;
}
