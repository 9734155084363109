import { errorTextBoth } from '../../cards/lib/errorText.js';
import { conflictFromUniqueViolation } from '../db/repos/errors.js';
import { AppError, exitCodeFor } from '../errors.js';
import { scrubString } from '../log/redact.js';

/**
 * Wraps a CLI action: an AppError prints its one-line reason and exits with its code; anything else
 * prints the message and exits 1. Output passes through the secret scrubber.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

export function reportError(raw: unknown): number {
  const err = conflictFromUniqueViolation(raw) ?? raw;
  if (err instanceof AppError) {
    process.stderr.write(`error: ${scrubString(errorTextBoth(err))}\n`);
    return exitCodeFor[err.code] ?? 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${scrubString(message)}\n`);
  return 1;
}

/** Prints a value as one JSON document. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Resolves when the process is asked to stop (Ctrl-C or SIGTERM). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (s: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(s);
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
