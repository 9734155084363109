import type { ValueTransformer } from 'typeorm';

/** JSON documents in a text column (the same on MySQL and SQLite). */
export const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : (value ?? null)),
};

/**
 * UTC dates: SQLite hands back 'YYYY-MM-DD HH:MM:SS.SSS' text without a zone; read it as UTC.
 * MySQL (timezone 'Z') already returns a Date.
 */
export const utcDateTransformer: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) => {
    if (value === null || value === undefined || value instanceof Date) return value;
    const s = String(value);
    return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
  },
};
