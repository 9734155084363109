import { Writable } from 'node:stream';
import type { Clock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps, type Deps } from '../../src/deps.js';
import { createLogger, type Logger } from '../../src/log/logger.js';
import { testClock, type TestClock } from './clock.js';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases.js';

/** A logger whose every line lands in `logs` (for assertions on what AirGate logged). */
export function captureLogs(level = 'debug'): {
  log: Logger;
  logs: string[];
} {
  const logs: string[] = [];
  const log = createLogger(
    level,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logs.push(chunk.toString());
        cb();
      },
    }),
  );
  return { log, logs };
}

export type AppOptions<C extends Clock> = {
  /** configuration over `loadConfig(env)`; the database is always the fresh one */
  config?: Partial<Config>;
  env?: Record<string, string>;
  clock?: C;
  /** 'silent' (default) or a level whose lines are captured in `logs` */
  logLevel?: string;
};

export type App<C extends Clock = TestClock> = {
  deps: Deps;
  clock: C;
  db: TestDatabase;
  logs: string[];
  close(): Promise<void>;
};

/**
 * Real deps (createDeps + initDeps) on a fresh database of `kind`, copied from the run's migrated
 * template; the migrations still run and find nothing left to do.
 */
export async function openApp<C extends Clock = TestClock>(
  kind: DbKind,
  opts: AppOptions<C> = {},
): Promise<App<C>> {
  const db = await createTestDatabase(kind, { migrated: true });
  const clock = (opts.clock ?? testClock()) as C;
  const { log, logs } =
    opts.logLevel && opts.logLevel !== 'silent'
      ? captureLogs(opts.logLevel)
      : { log: createLogger('silent'), logs: [] };
  try {
    const deps = createDeps(
      { ...loadConfig(opts.env ?? {}), ...opts.config, database: db.config },
      { log, clock },
    );
    await initDeps(deps, { migrate: true });
    return {
      deps,
      clock,
      db,
      logs,
      close: async () => {
        await closeDeps(deps);
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}
