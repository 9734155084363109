import type { DataSource } from 'typeorm';
import type { Config } from './config/loadConfig.js';
import { createDataSource } from './db/dataSource.js';
import { createLogger, type Logger } from './log/logger.js';
import { registerSecret } from './log/redact.js';
import { systemClock, type Clock } from './clock.js';
import { createRepos, type Repos } from './db/repos/index.js';
import { createSecretBox, type SecretBox } from './crypto/secretBox.js';
import { seedAdmins } from './services/members/seedAdmins.js';
import { ensureEnvAccount } from './services/accounts/ensureEnvAccount.js';
import { FeishuOutbox } from './feishu/outbox.js';
import { createFeishu, type FeishuWiring } from './feishu/wiring.js';
import { createVolcFactory, type VolcFactory } from './services/iam/volcClients.js';
import { registerBot } from './feishu/chat/bot.js';
import { createFeishuNotifier } from './feishu/notifications/notifier.js';
import { renderers } from './feishu/notifications/renderers.js';
import type { Notifier } from './services/notifications/types.js';
import { createFeishuProbe } from './feishu/probe/feishuProbe.js';
import type { FeishuProbeFactory } from './services/doctor/feishuProbe.js';
import type { ApprovalCenterPort, OrgChartPort } from './services/requests/approvalCenter.js';
import { createApprovalCenterApi } from './feishu/approval/api.js';
import { createOrgChart } from './feishu/approval/orgChart.js';
import { registerApprovalCenter } from './feishu/approval/register.js';
import { registerUrgentAlerts } from './feishu/urgent/urgentAlerts.js';

export type Deps = {
  config: Config;
  log: Logger;
  db: DataSource;
  clock: Clock;
  repos: Repos;
  /** Seals stored secrets; undefined when AIRGATE_ENCRYPTION_KEY is not set. */
  secretBox: SecretBox | undefined;
  /** Outbound Feishu messages, enqueued in the transaction of the change that causes them. */
  outbox: FeishuOutbox;
  /** Notifications: event rows written with the change, rendered into cards at the Feishu edge. */
  notifier: Notifier;
  /** The Feishu bot (receiving, sending, relay); undefined when no Feishu app is configured. */
  feishu: FeishuWiring | undefined;
  /** A Volcengine client per main account (volc_accounts id), with that account's credentials. */
  volc: VolcFactory;
  /** What `airgate doctor` reads of a Feishu app (implemented at the Feishu edge). */
  feishuProbe: FeishuProbeFactory;
  /** Feishu's approval centre (三方审批) and org chart; undefined without a Feishu app. */
  approvalCenter: ApprovalCenterPort | undefined;
  orgChart: OrgChartPort | undefined;
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
  const secretBox = config.encryptionKey ? createSecretBox(config.encryptionKey) : undefined;
  const clock = overrides.clock ?? systemClock;
  const outbox = new FeishuOutbox(clock);
  const feishu = createFeishu({ config, log, db, clock, outbox });
  const volc = createVolcFactory({ config, log, db, secretBox });
  const notifier = createFeishuNotifier({ outbox, clock, renderers, defaultLocale: config.locale });
  const deps: Deps = {
    config,
    log,
    db,
    clock,
    repos: createRepos(),
    secretBox,
    outbox,
    notifier,
    feishu,
    volc,
    feishuProbe: (app, opts) => createFeishuProbe(app, { ...opts, log }),
    approvalCenter: feishu && createApprovalCenterApi(feishu.client, { defaultLocale: config.locale }),
    orgChart: feishu && createOrgChart(feishu.client, clock),
  };
  if (feishu) registerBot(feishu.router, deps);
  if (feishu) registerApprovalCenter(feishu, deps);
  if (feishu) registerUrgentAlerts(deps);
  return deps;
}

export async function initDeps(deps: Deps, opts: { migrate: boolean }): Promise<void> {
  if (!deps.db.isInitialized) await deps.db.initialize();
  if (opts.migrate) {
    const ran = await deps.db.runMigrations({ transaction: 'each' });
    if (ran.length > 0) deps.log.info({ migrations: ran.map((m) => m.name) }, 'migrations applied');
  }
  await seedAdmins(deps);
  await ensureEnvAccount(deps);
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.feishu?.stop();
  if (deps.db.isInitialized) await deps.db.destroy();
}
