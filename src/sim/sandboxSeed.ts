import type { Deps } from '../deps.js';
import { inTransaction } from '../db/repos/transaction.js';
import { money, MoneyDecimal } from '../domain/money.js';
import { systemActor, type Role } from '../policies/actor.js';
import { addMember } from '../services/members/addMember.js';
import { importSubAccount } from '../services/iam/importSubAccount.js';
import { resolveAccount } from '../services/iam/resolveAccount.js';
import { addProject } from '../services/projects/addProject.js';
import { billDay } from '../domain/billingPeriod.js';
import { allocateQuota } from '../services/quota/allocateQuota.js';
import { updateSettings } from '../services/settings/updateSettings.js';
import { demoOpenId } from './feishu/demo.js';
import type { FeishuSim } from './feishu/server.js';
import type { VolcSeed } from './volc/seed.js';
import type { VolcSim } from './volc/server.js';

/** The sandbox's people in the Feishu simulator, with their AirGate roles (stable ids across restarts). */
export const sandboxPeople = [
  { key: 'alice', name: 'Alice', locale: 'zh', roles: ['admin'] },
  { key: 'bob', name: 'Bob', locale: 'en', roles: ['approver'] },
  { key: 'carol', name: 'Carol', locale: 'zh', roles: ['lead'] },
  { key: 'dave', name: 'Dave', locale: 'zh', roles: ['lead'] },
].map((p) => ({
  ...p,
  openId: demoOpenId(p.key),
  locale: p.locale as 'zh' | 'en',
  roles: p.roles as Role[],
}));

export type SandboxPerson = (typeof sandboxPeople)[number];

/**
 * The people in the sandbox's language: in Chinese Bob reads English (one English reader to show both);
 * with `--lang en` everyone does, so the team's replies are in English too.
 */
export function sandboxPeopleIn(locale: 'zh' | 'en'): SandboxPerson[] {
  return sandboxPeople.map((p) => (locale === 'en' ? { ...p, locale: 'en' as const } : p));
}

const person = (key: string) => sandboxPeople.find((p) => p.key === key)!;

/** The group chat everyone and the bot are in: AirGate's alert chat. */
export const sandboxGroup = {
  chatId: demoOpenId('group-ops').replace(/^ou_/, 'oc_'),
  name: 'AirGate 运维群',
  type: 'group' as const,
  members: sandboxPeople.map((p) => p.openId),
};

type Team = {
  user: string;
  displayName: string;
  project: string;
  projectName: string;
  lead: string;
  ratePerHour: string;
  /** How much of the quota the spending so far uses, in percent: some teams are near the end. */
  percent: number;
};

/** Eight teams: one sub-account and one project each, burning at different rates. */
// prettier-ignore
const TEAMS: Array<[user: string, displayName: string, project: string, projectName: string, lead: string, ratePerHour: string, percent: number]> = [
  ['zhangsan', '张三', 'team-research', '研究组', 'carol', '3.20', 48],
  ['lisi', '李四', 'team-product', '产品组', 'carol', '5.50', 92],
  ['wangwu', '王五', 'team-data', '数据组', 'carol', '1.25', 31],
  ['zhaoliu', '赵六', 'team-search', '搜索组', 'carol', '2.10', 84],
  ['sunqi', '孙七', 'team-vision', '视觉组', 'dave', '4.40', 96],
  ['zhouba', '周八', 'team-speech', '语音组', 'dave', '1.80', 63],
  ['wujiu', '吴九', 'team-ads', '广告组', 'dave', '0.90', 22],
  ['zhengshi', '郑十', 'team-infra', '基础架构组', 'dave', '2.60', 71],
];

export const sandboxTeams: Team[] = TEAMS.map(
  ([user, displayName, project, projectName, lead, ratePerHour, percent]) => ({
    user,
    displayName,
    project,
    projectName,
    lead,
    ratePerHour,
    percent,
  }),
);

/**
 * The time-lapse demo of the spending watch and of Ark enforcement: quota 300, spending 50 an hour from the
 * sandbox's start — 20 an hour of TOS on the IAM side (stops with the access keys, billed in hourly rows)
 * and 30 an hour of Ark traffic through a custom endpoint of its project with a project API key (does not).
 * The quota is six hours of spending so that no check of the time-lapse (every 10 simulated minutes) sees
 * more than 10 % appear at once: `/advance 5h`, then `/advance 1h` a few times, shows the 50 % alert with a
 * burn rate, the 80 % and the 90 % alerts on their own cards, the disable at 100 % with the Ark card (endpoint
 * stopped, what still could spend) and, after an allocation, the re-enable and the endpoint started again.
 */
export const sandboxBurner = {
  user: 'burner',
  displayName: '演示·高速消费',
  project: 'team-demo',
  projectName: '演示项目',
  lead: 'dave',
  ratePerHour: '50',
  /** six hours at ratePerHour: a check every 10 minutes never sees a jump over two thresholds */
  quota: '300.00',
  /** the IAM-side part of ratePerHour (the rest is Ark traffic) */
  iamRatePerHour: '20',
  ark: {
    /** the custom endpoint's name (its id is the simulator's) */
    endpoint: 'burner-chat',
    model: 'doubao-seed-1-6-250615',
    /** the key the traffic uses: only the endpoint */
    key: 'burner-app',
    /** a console-default key with "all resources", unused: the card names it as able to reach preset endpoints */
    allKey: 'burner-console',
    /** 10 calls a minute of 12,500 input and 5,000 output tokens at 0.0008 / 0.008 per 千tokens: 0.05 a call, 30 an hour */
    callsPerMinute: 10,
    promptTokens: 12_500,
    completionTokens: 5_000,
  },
} as const;

/**
 * The sandbox's Ark bills: the split bill AirGate reads lags a day on the real cloud (ark-api.md §6.2); the
 * sandbox shortens it to the lag of its other bills so that the time-lapse takes hours, not days.
 */
export const sandboxArkSettings = { splitBillLagMinutes: 60 } as const;

/** The Ark side of the burner: its endpoint, its keys and its traffic, by label (the simulator's seed). */
export function sandboxArkSeed() {
  const a = sandboxBurner.ark;
  return {
    endpoints: [{ label: a.endpoint, name: a.endpoint, project: sandboxBurner.project, model: a.model }],
    keys: [
      {
        label: a.key,
        project: sandboxBurner.project,
        resources: [a.endpoint],
        createdBy: sandboxBurner.user,
      },
      { label: a.allKey, project: sandboxBurner.project, createdBy: sandboxBurner.user },
    ],
    traffic: [
      {
        label: sandboxBurner.user,
        apiKey: a.key,
        target: a.endpoint,
        callsPerMinute: a.callsPerMinute,
        promptTokens: a.promptTokens,
        completionTokens: a.completionTokens,
      },
    ],
  };
}

/** Seeds the burner's Ark side in the Volcengine simulator (at its current time). */
export function seedSandboxArk(volc: Pick<VolcSim, 'ark'>) {
  volc.ark.settings(sandboxArkSettings);
  return volc.ark.seed(sandboxArkSeed());
}

/** Projects nobody watches yet: `project add` has something to add. */
export const sandboxFreeProjects = [
  { projectName: 'team-mobile', displayName: '移动端', description: '移动端 AI 助手' },
  { projectName: 'playground', displayName: '试验田', description: '新同学练手' },
];

const HISTORY_DAYS = 3;

/** The Volcengine account: eight sub-accounts, their projects and three days of model-inference spending. */
export function sandboxVolcSeed(now: Date = new Date()): VolcSeed {
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString();
  return {
    rngSeed: 20240601,
    billLagMinutes: 60,
    balance: '80000.00',
    projects: [
      ...[...sandboxTeams, sandboxBurner].map((t) => ({
        projectName: t.project,
        displayName: t.projectName,
        description: '',
      })),
      ...sandboxFreeProjects,
    ],
    users: [...sandboxTeams, sandboxBurner].map((t) => ({
      userName: t.user,
      displayName: t.displayName,
      accessKeys: [{}],
      loginProfile: {},
      policies: [{ policyName: 'ArkFullAccess', projects: [t.project] }],
    })),
    burns: [
      ...sandboxTeams.map((t) => ({
        project: t.project,
        user: t.user,
        ratePerHour: t.ratePerHour,
        noise: 0.25,
        since,
      })),
      { project: 'default', ratePerHour: '0.10', product: 'ECS', since },
      {
        project: sandboxBurner.project,
        user: sandboxBurner.user,
        ratePerHour: sandboxBurner.iamRatePerHour,
        product: 'TOS',
        since: now.toISOString(),
      },
    ],
  };
}

/** The people and the group, in the Feishu simulator. */
export function seedSandboxFeishu(sim: FeishuSim, locale: 'zh' | 'en' = 'zh'): void {
  sim.seedUsers(sandboxPeopleIn(locale).map(({ openId, name, locale }) => ({ openId, name, locale })));
  sim.seedChat(sandboxGroup);
}

export type SandboxSeedReport = {
  account: string;
  subAccounts: Array<{ user: string; project: string; lead: string; quota: string; percent: number }>;
};

/**
 * Fills a fresh AirGate the way an admin would through the use cases: members with roles, settings (the
 * group as alert chat, Bob as approver), every sub-account imported with its lead, its project added and
 * a quota allocated so that its spending so far uses the team's percent.
 */
export async function seedSandboxAirGate(
  deps: Pick<Deps, 'db' | 'repos' | 'clock' | 'volc'>,
  volc: Pick<VolcSim, 'spend'>,
  locale: 'zh' | 'en' = 'zh',
): Promise<SandboxSeedReport> {
  for (const p of sandboxPeopleIn(locale)) {
    await addMember(deps, { actor: systemActor, openId: p.openId, name: p.name, roles: p.roles });
    await inTransaction(deps.db, async (tx) => {
      const m = await deps.repos.members.findByOpenId(tx, p.openId);
      if (m) await deps.repos.members.update(tx, m.id, { locale: p.locale }, deps.clock.now());
    });
  }
  await updateSettings(deps, {
    actor: systemActor,
    patch: { alertChatId: sandboxGroup.chatId, approvers: [person('bob').openId] },
    requestId: 'sandbox-seed-settings',
  });
  const account = await resolveAccount(deps);
  const countsFrom = billDay(new Date(deps.clock.now().getTime() - HISTORY_DAYS * 86_400_000));
  const spentByUser = volc.spend().byUser;
  const report: SandboxSeedReport = { account: account.name, subAccounts: [] };
  for (const t of sandboxTeams) {
    const { subAccount } = await importSubAccount(deps, {
      actor: systemActor,
      accountId: account.id,
      userName: t.user,
      ownerOpenId: person(t.lead).openId,
      requestId: `sandbox-seed-import-${t.user}`,
    });
    await addProject(deps, {
      actor: systemActor,
      subAccountId: subAccount.id,
      projectName: t.project,
      countsFrom,
      requestId: `sandbox-seed-project-${t.user}`,
    });
    const quota = quotaFor(spentByUser[t.user] ?? '0', t.percent);
    await allocateQuota(deps, {
      actor: systemActor,
      subAccountId: subAccount.id,
      amount: money(quota),
      note: '沙盒初始额度 / sandbox opening quota',
      requestId: `sandbox-seed-quota-${t.user}`,
    });
    report.subAccounts.push({
      user: t.user,
      project: t.project,
      lead: person(t.lead).name,
      quota,
      percent: t.percent,
    });
  }
  const { subAccount: burner } = await importSubAccount(deps, {
    actor: systemActor,
    accountId: account.id,
    userName: sandboxBurner.user,
    ownerOpenId: person(sandboxBurner.lead).openId,
    requestId: 'sandbox-seed-import-burner',
  });
  await addProject(deps, {
    actor: systemActor,
    subAccountId: burner.id,
    projectName: sandboxBurner.project,
    countsFrom: billDay(deps.clock.now()),
    requestId: 'sandbox-seed-project-burner',
  });
  await allocateQuota(deps, {
    actor: systemActor,
    subAccountId: burner.id,
    amount: money(sandboxBurner.quota),
    note: '沙盒演示额度 / sandbox demo quota',
    requestId: 'sandbox-seed-quota-burner',
  });
  report.subAccounts.push({
    user: sandboxBurner.user,
    project: sandboxBurner.project,
    lead: person(sandboxBurner.lead).name,
    quota: sandboxBurner.quota,
    percent: 0,
  });
  return report;
}

/** Spent ÷ percent, rounded up to a whole 10 yuan (at least 100). */
function quotaFor(spent: string, percent: number): string {
  const raw = new MoneyDecimal(spent).times(100).div(percent);
  const q = raw.div(10).ceil().times(10);
  return (q.lt(100) ? new MoneyDecimal(100) : q).toFixed(2);
}
