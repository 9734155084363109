import { VolcSimError } from './errors.js';

type MissingFactory = (name: string) => VolcSimError;
type InvalidFactory = (name: string, value: string, why: string) => VolcSimError;

/**
 * Request parameters from the query string, a form body or a JSON body (the gateway accepts all three).
 * JSON numbers and strings are both accepted for numeric fields ("Limit": "100" worked in production).
 */
export class Params {
  constructor(
    private readonly values: Map<string, unknown>,
    private readonly missing: MissingFactory,
    private readonly invalid: InvalidFactory,
  ) {}

  has(name: string): boolean {
    const v = this.values.get(name);
    return v !== undefined && v !== null && v !== '';
  }

  raw(name: string): unknown {
    return this.values.get(name);
  }

  str(name: string): string | undefined {
    const v = this.values.get(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw this.invalid(name, JSON.stringify(v), 'expected a string');
  }

  required(name: string): string {
    const v = this.str(name);
    if (v === undefined || v === '') throw this.missing(name);
    return v;
  }

  int(name: string, dflt: number, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const s = this.str(name);
    if (s === undefined || s === '') return dflt;
    if (!/^-?\d+$/.test(s.trim())) throw this.invalid(name, s, 'not an integer');
    const n = Number(s.trim());
    if (n < min || n > max) throw this.invalid(name, s, `must be between ${min} and ${max}`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.values.get(name);
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'boolean') return v;
    const s = String(v).toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
    throw this.invalid(name, String(v), 'expected true or false');
  }

  /** A list given as a JSON array, as Name.1, Name.2 … (1-based), or as one plain value. */
  list(name: string): string[] {
    const direct = this.values.get(name);
    if (Array.isArray(direct)) return direct.map((x) => String(x));
    const indexed: Array<[number, string]> = [];
    const prefix = `${name}.`;
    for (const [k, v] of this.values) {
      if (!k.startsWith(prefix)) continue;
      const idx = k.slice(prefix.length);
      if (/^\d+$/.test(idx) && v !== undefined && v !== null) indexed.push([Number(idx), String(v)]);
    }
    if (indexed.length > 0) return indexed.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    if (direct !== undefined && direct !== null && direct !== '') return [String(direct)];
    return [];
  }
}

/** Merges query pairs and a parsed body into one parameter map (body wins on a clash). */
export function collectParams(
  query: Array<[string, string]>,
  body: Record<string, unknown> | null,
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [k, v] of query) values.set(k, v);
  if (body) for (const [k, v] of Object.entries(body)) values.set(k, v);
  return values;
}
