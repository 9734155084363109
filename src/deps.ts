import type { DataSource } from 'typeorm';
import type { Config } from './config/loadConfig.js';
import { createDataSource } from './db/dataSource.js';
import { createLogger, type Logger } from './log/logger.js';
import { registerSecret } from './log/redact.js';
import { systemClock, type Clock } from './clock.js';

export type Deps = {
  config: Config;
  log: Logger;
  db: DataSource;
  clock: Clock;
};

/** The only composition root: builds every connection and client from the configuration. */
export function createDeps(config: Config, overrides: Partial<Pick<Deps, 'log' | 'clock'>> = {}): Deps {
  for (const secret of [
    config.volc.secretAccessKey,
    config.feishu.appSecret,
    config.feishu.encryptKey,
    config.feishu.verificationToken,
    config.encryptionKey?.toString('base64'),
    config.encryptionKey?.toString('hex'),
  ]) {
    registerSecret(secret);
  }
  const log = overrides.log ?? createLogger(config.logLevel);
  const db = createDataSource(config.database);
  return { config, log, db, clock: overrides.clock ?? systemClock };
}

export async function initDeps(deps: Deps, opts: { migrate: boolean }): Promise<void> {
  if (!deps.db.isInitialized) await deps.db.initialize();
  if (opts.migrate) {
    const ran = await deps.db.runMigrations({ transaction: 'each' });
    if (ran.length > 0) deps.log.info({ migrations: ran.map((m) => m.name) }, 'migrations applied');
  }
}

export async function closeDeps(deps: Deps): Promise<void> {
  if (deps.db.isInitialized) await deps.db.destroy();
}
