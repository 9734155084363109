import { Column, type ValueTransformer } from 'typeorm';
import { jsonTransformer, utcDateTransformer } from '../transformers.js';

/**
 * Column decorators shared by the entities. esbuild emits no decorator metadata, so every column states
 * its type here. Money is DECIMAL(20,6) on MySQL and TEXT on SQLite (see migrations/lib/columns.ts); both
 * hold the same fixed 6-decimal string, which the entity exposes as a string and repos turn into Money.
 */
const moneyTransformer: ValueTransformer = {
  to: (v: unknown) => (v === null || v === undefined ? v : normalize(String(v))),
  from: (v: unknown) => (v === null || v === undefined ? v : normalize(String(v))),
};

function normalize(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d{0,6}))?$/.exec(s.trim());
  if (!m) throw new Error(`not a stored decimal: ${JSON.stringify(s)}`);
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').padEnd(6, '0');
  const zero = /^0+$/.test(int + frac);
  return `${m[1] && !zero ? '-' : ''}${int}.${frac}`;
}

export function MoneyColumn(opts: { name: string; nullable?: boolean }): PropertyDecorator {
  return Column({ type: 'decimal', precision: 20, scale: 6, transformer: moneyTransformer, ...opts });
}

export function TimeColumn(opts: { name: string; nullable?: boolean }): PropertyDecorator {
  return Column({ type: 'datetime', precision: 3, transformer: utcDateTransformer, ...opts });
}

export function JsonColumn(opts: { name: string; nullable?: boolean }): PropertyDecorator {
  return Column({ type: 'text', transformer: jsonTransformer, ...opts });
}

export function VarcharColumn(opts: { name: string; length: number; nullable?: boolean }): PropertyDecorator {
  return Column({ type: 'varchar', ...opts });
}

export function IntColumn(opts: { name: string; nullable?: boolean }): PropertyDecorator {
  return Column({ type: 'int', ...opts });
}

export function BoolColumn(opts: { name: string }): PropertyDecorator {
  return Column({ type: 'boolean', ...opts });
}
