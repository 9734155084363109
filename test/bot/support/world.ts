import { loadConfig, type Config } from '../../../src/config/loadConfig.js';
import { createDeps, type Deps } from '../../../src/deps.js';
import { inTransaction, withReader } from '../../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../../src/db/repos/subAccounts.js';
import type { Role } from '../../../src/policies/actor.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import type { VolcSeed } from '../../../src/sim/volc/seed.js';
import { updateSettings } from '../../../src/services/settings/updateSettings.js';
import type { SettingsPatch } from '../../../src/services/settings/schema.js';
import { systemActor } from '../../../src/policies/actor.js';
import type { FeishuSim } from '../../../src/sim/feishu/server.js';
import type { VolcSim } from '../../../src/sim/volc/server.js';
import { captureLogs } from '../../support/app.js';
import { createTestDatabase, type DbKind, type TestDatabase } from '../../support/databases.js';
import { givenMember, givenSubAccount as givenSub } from '../../support/factories.js';
import { startSimulators } from '../../support/simulators.js';

/** The people of every bot test: Feishu users of the simulator and (except the stranger) AirGate members. */
export const people = {
  admin: { openId: 'ou_bot_admin_0001', name: 'Ada Admin', roles: ['admin'] as Role[] },
  approver: { openId: 'ou_bot_appr_0001', name: 'Ann Approver', roles: ['approver'] as Role[] },
  approver2: { openId: 'ou_bot_appr_0002', name: 'Bob Approver', roles: ['approver'] as Role[] },
  lead: { openId: 'ou_bot_lead_0001', name: 'Leo Lead', roles: ['lead'] as Role[] },
  lead2: { openId: 'ou_bot_lead_0002', name: 'Liz Lead', roles: ['lead'] as Role[] },
  viewer: { openId: 'ou_bot_view_0001', name: 'Val Viewer', roles: ['viewer'] as Role[] },
  /** Known to Feishu, not to AirGate: no roles at all. */
  stranger: { openId: 'ou_bot_strg_0001', name: 'Sam Stranger', roles: [] as Role[] },
} as const;
export type Person = keyof typeof people;

/** A group with everyone and the bot; approval cards go here when it is the alert chat. */
export const teamChat = 'oc_bot_team_0001';

export type WorldOptions = {
  /** AIRGATE_LOCALE (default zh). */
  locale?: 'zh' | 'en';
  /** Seed of the Volcengine simulator (default: an empty account). */
  volcSeed?: VolcSeed;
  /** Makes the team chat the alert chat (approval cards go there instead of approvers' DMs). */
  teamIsAlertChat?: boolean;
  /** Extra configuration (e.g. an encryption key). */
  env?: Record<string, string>;
  /** How long the Feishu simulator waits for AirGate's answer to an event or a click (default 30 s). */
  ackTimeoutMs?: number;
};

/**
 * Feishu gives up on an answer after 3 s; the acknowledgement tests (test/feishu) hold AirGate to that.
 * Here what the bot does is under test, and a loaded machine must not turn a slow answer into a lost one
 * (50 simultaneous clicks on a 2-core machine at load 13 took longer than 3 s).
 */
const BOT_ACK_TIMEOUT_MS = 30_000;

/**
 * One AirGate over real HTTP between the two simulators: the Feishu simulator pushes signed, encrypted
 * events to AirGate's /feishu/events and AirGate answers with the official SDK; the Volcengine simulator
 * answers signed OpenAPI calls. A fresh database of `kind`; every log line captured in `logs`.
 */
export type World = {
  kind: DbKind;
  deps: Deps;
  config: Config;
  feishu: FeishuSim;
  volc: VolcSim;
  airgate: RunningServer;
  logs: string[];
  /** The main account AirGate knows from its configuration (sub-accounts belong to it). */
  accountId: string;
  close(): Promise<void>;
};

export async function startWorld(kind: DbKind, opts: WorldOptions = {}): Promise<World> {
  const db: TestDatabase = await createTestDatabase(kind, { migrated: true });
  const stack: Array<() => Promise<void>> = [db.drop];
  const unwind = async () => {
    for (const close of stack.reverse()) await close().catch(() => undefined);
  };
  try {
    const { volc, feishu, close } = await startSimulators({
      volc: opts.volcSeed ? { seed: opts.volcSeed } : {},
      feishu: { botName: 'AirGate', ackTimeoutMs: opts.ackTimeoutMs ?? BOT_ACK_TIMEOUT_MS },
      users: Object.values(people).map((p) => ({ openId: p.openId, name: p.name })),
      chats: [
        {
          chatId: teamChat,
          name: 'AirGate team',
          type: 'group',
          members: Object.values(people).map((p) => p.openId),
        },
      ],
    });
    stack.push(close);

    const config = {
      ...loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'debug',
        AIRGATE_LOCALE: opts.locale ?? 'zh',
        VOLC_ACCESS_KEY_ID: volc.credentials.accessKeyId,
        VOLC_SECRET_ACCESS_KEY: volc.credentials.secretAccessKey,
        VOLC_ENDPOINT: volc.url,
        FEISHU_APP_ID: feishu.app.appId,
        FEISHU_APP_SECRET: feishu.app.appSecret,
        FEISHU_ENCRYPT_KEY: feishu.app.encryptKey,
        FEISHU_VERIFICATION_TOKEN: feishu.app.verificationToken,
        FEISHU_BASE_URL: feishu.url,
        FEISHU_EVENT_MODE: 'http',
        ...opts.env,
      }),
      database: db.config,
    };
    const { log, logs } = captureLogs('debug');
    const deps = createDeps(config, { log, clock: { now: () => new Date(feishu.now()) } });
    deps.feishu?.router.setBotOpenId(feishu.bot.openId);
    const airgate = await startServer(deps, { port: 0, host: '127.0.0.1', migrate: true, scheduler: false });
    stack.push(() => airgate.close());
    feishu.setEventUrl(`${airgate.url}/feishu/events`);
    const account = await withReader(deps.db, (m) => deps.repos.accounts.findEnv(m));
    if (!account) throw new Error('no env account');
    for (const p of Object.values(people)) {
      if (p.roles.length === 0) continue;
      await givenMember(deps, { openId: p.openId, name: p.name, roles: [...p.roles] });
    }
    if (opts.teamIsAlertChat) await givenSettings({ deps }, { alertChatId: teamChat });
    return { kind, deps, config, feishu, volc, airgate, logs, accountId: account.id, close: unwind };
  } catch (err) {
    await unwind();
    throw err;
  }
}

/** A member's language (their member row's locale). */
export async function setLocale(
  w: Pick<World, 'deps'>,
  who: Person,
  locale: 'zh' | 'en' | null,
): Promise<void> {
  const { deps } = w;
  await inTransaction(deps.db, async (tx) => {
    const m = await deps.repos.members.findByOpenId(tx, people[who].openId);
    if (!m) throw new Error(`${who} is not a member`);
    await deps.repos.members.update(tx, m.id, { locale }, deps.clock.now());
  });
}

/** The scopes the app needs to read the org chart (approvers from a department's leaders). */
export const CONTACT_SCOPES = [
  'contact:contact.base:readonly',
  'contact:department.base:readonly',
  'contact:department.organize:readonly',
];

/**
 * The org chart the route tests share, readable by the app: 研发中心 (leader: Ada, an admin) ⊃ 平台组
 * (leader: Val, who holds no approver role in AirGate).
 */
export function givenOrgChart(w: Pick<World, 'feishu'>): void {
  w.feishu.setScopes([...w.feishu.scopes(), ...CONTACT_SCOPES]);
  w.feishu.contact.seedDepartment({
    departmentId: 'rd',
    name: '研发中心',
    leaderOpenId: people.admin.openId,
  });
  w.feishu.contact.seedDepartment({
    departmentId: 'platform',
    name: '平台组',
    parentDepartmentId: 'rd',
    leaderOpenId: people.viewer.openId,
  });
}

export async function givenSettings(w: Pick<World, 'deps'>, patch: SettingsPatch): Promise<void> {
  await updateSettings(w.deps, { actor: systemActor, patch });
}

/**
 * A sub-account as the IAM service would have recorded it (no Volcengine call): its owner, projects with
 * what the spending watch saw, and quota allocated through the ledger.
 */
export async function givenSubAccount(
  w: Pick<World, 'deps' | 'accountId'>,
  opts: {
    userName?: string;
    owner?: Person;
    projects?: Record<string, string>;
    quota?: string;
    status?: SubAccountDto['status'];
  } = {},
): Promise<SubAccountDto> {
  const { deps } = w;
  const sub = await givenSub(deps, {
    accountId: w.accountId,
    ...(opts.userName === undefined ? {} : { userName: opts.userName }),
    ownerOpenId: opts.owner ? people[opts.owner].openId : null,
    status: opts.status ?? 'active',
    ...(opts.projects ? { projects: opts.projects } : {}),
    countsFrom: '2026-01-01',
    ...(opts.quota ? { quota: opts.quota } : {}),
  });
  return (await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, sub.id)))!;
}
