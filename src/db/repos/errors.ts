import { ConflictError } from '../../errors.js';

/** Driver error classification, by code (never by message text). TypeORM keeps the driver's error. */
function driverCode(err: unknown): { code?: string; errno?: number } {
  if (typeof err !== 'object' || err === null) return {};
  const e = err as { code?: unknown; errno?: unknown; driverError?: unknown };
  const inner = (e.driverError ?? e) as { code?: unknown; errno?: unknown };
  return {
    code: typeof inner.code === 'string' ? inner.code : undefined,
    errno: typeof inner.errno === 'number' ? inner.errno : undefined,
  };
}

/** A unique (or primary) key was violated: the insert-is-the-check pattern lost the race. */
export function isUniqueViolation(err: unknown): boolean {
  const { code, errno } = driverCode(err);
  return (
    code === 'ER_DUP_ENTRY' ||
    errno === 1062 ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** InnoDB chose this transaction as a deadlock victim and rolled it back: safe to run again from the start. */
export function isDeadlock(err: unknown): boolean {
  const { code, errno } = driverCode(err);
  return code === 'ER_LOCK_DEADLOCK' || errno === 1213;
}

/**
 * What a person is told when a write lost to a unique key no service expected to meet: a clear conflict,
 * never the driver's text (which names tables, indexes and values).
 */
export function conflictFromUniqueViolation(err: unknown): ConflictError | undefined {
  if (!isUniqueViolation(err)) return undefined;
  return new ConflictError({ reason: 'duplicate_record' }, { cause: err });
}
