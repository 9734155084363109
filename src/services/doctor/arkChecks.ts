import { withReader } from '../../db/repos/transaction.js';
import { billPeriod } from '../../domain/billingPeriod.js';
import { money, ZERO, type Money } from '../../domain/money.js';
import { listSplitBillDetail } from '../../volc/actions/billing.js';
import type { VolcClient } from '../../volc/client.js';
import { enforceabilityOf, type EnforceabilityReport } from '../enforcement/enforceability.js';
import { unattributedArkSpending } from '../enforcement/unattributedSpending.js';
import { bi, check, type DoctorCheck, type DoctorContext } from './types.js';

/** What the ladder rests on that ark-api.md marks INFERRED or UNKNOWN: doctor says "unverified" for each. */
const UNVERIFIED = bi(
  '未验证（ark-api.md 标为推测/未知）：ListApiKeys 的权限字段；禁用用户后其临时 API Key 是否失效；项目内的拒绝策略是否拦截 Bearer 推理（按“不拦截”处理，靠停止接入点）；UpdateApiKey Regen 对普通 API Key 是否生效；RateLimit 0 的含义（“不限流”还是“全部拒绝”）与能否删除限流（原本无限流的接入点恢复时写回接口允许的最大值，两种含义下都等于不限流）。',
  'unverified (INFERRED/UNKNOWN in ark-api.md): the permission fields of ListApiKeys; whether disabling a user kills its temporary API keys; whether a Deny in a project blocks Bearer inference (assumed not: the endpoints are stopped for that); whether UpdateApiKey Regen works on ordinary API keys; what RateLimit 0 means ("no limit" or "refuse every call") and whether a limit can be removed (an endpoint that had no limit gets the widest limit the API takes back on restore: no limit either way).',
);

function lines(r: EnforceabilityReport): { zh: string[]; en: string[] } {
  const zh: string[] = [];
  const en: string[] = [];
  for (const p of r.projects) {
    if (p.error) {
      zh.push(`${p.project}：无法读取（${p.error}）`);
      en.push(`${p.project}: could not be read (${p.error})`);
    }
    if (p.presetEndpoints.length) {
      zh.push(`${p.project}：预置接入点 ${p.presetEndpoints.join('、')} 无法停止`);
      en.push(`${p.project}: preset endpoints ${p.presetEndpoints.join(', ')} cannot be stopped`);
    }
    if (p.allResourceKeys.length) {
      zh.push(`${p.project}：“全部资源”权限的 API Key ${p.allResourceKeys.join('、')} 可调用预置接入点`);
      en.push(
        `${p.project}: "all resources" API keys ${p.allResourceKeys.join(', ')} can reach preset endpoints`,
      );
    }
    if (p.keysOfUnknownPermission.length) {
      zh.push(`${p.project}：权限未知的 API Key ${p.keysOfUnknownPermission.join('、')}（未验证）`);
      en.push(
        `${p.project}: API keys of unknown permission ${p.keysOfUnknownPermission.join(', ')} (unverified)`,
      );
    }
  }
  if (r.accountWidePolicies.length) {
    zh.push(`账号级策略 ${r.accountWidePolicies.join('、')}：监控项目之外的消费不计入额度`);
    en.push(
      `account-wide policies ${r.accountWidePolicies.join(', ')}: spending outside the monitored projects is not counted`,
    );
  }
  const until = r.temporaryKeysValidUntil.toISOString();
  zh.push(
    `此前获取的临时 API Key 在预置接入点上最长有效至 ${until}（无法列出或吊销，未验证是否随用户禁用失效）`,
  );
  en.push(
    `temporary API keys minted earlier work on preset endpoints until ${until} at most (cannot be listed or revoked; unverified whether they die with the user)`,
  );
  return { zh, en };
}

/** This month's spending per project from the split bill (read-only; pages of 300). */
async function spendByProject(client: VolcClient, now: Date): Promise<Map<string, Money>> {
  const out = new Map<string, Money>();
  for (let offset = 0; ; offset += 300) {
    const r = await listSplitBillDetail(client, {
      BillPeriod: billPeriod(now),
      GroupPeriod: 0,
      Limit: 300,
      Offset: offset,
      NeedRecordNum: 1,
    });
    for (const row of r.List)
      out.set(row.Project, (out.get(row.Project) ?? ZERO).plus(money(row.PayableAmount)));
    if (offset + 300 >= r.Total || r.List.length === 0) return out;
  }
}

/**
 * `airgate doctor`, Ark part: per sub-account the enforceability report of its monitored projects (what
 * the ladder cannot stop), and per main account the spending of projects no sub-account monitors
 * (unattributed: nobody's quota is charged for it). Reads only.
 */
export async function checkArkEnforceability(ctx: DoctorContext): Promise<DoctorCheck[]> {
  if (!ctx.dbReady) {
    return [
      check(
        'ark',
        'skip',
        bi('方舟可执行性', 'Ark enforceability'),
        bi('数据库未就绪，未检查', 'not checked: the database is not ready'),
      ),
    ];
  }
  const { deps } = ctx;
  const accounts = await withReader(deps.db, (m) => deps.repos.accounts.list(m));
  const out: DoctorCheck[] = [];
  // The unverified assumptions matter where Ark is in use: a warning then, a plain listing otherwise.
  let arkInUse = false;
  const now = deps.clock.now();
  for (const a of accounts) {
    const { subs, projects } = await withReader(deps.db, async (m) => ({
      subs: await deps.repos.subAccounts.list(m, { accountId: a.id }),
      projects: await deps.repos.projects.listByAccount(m, a.id),
    }));
    let client: VolcClient;
    try {
      client = await deps.volc(a.id);
    } catch (err) {
      out.push(
        check(
          `ark.${a.name}`,
          'skip',
          bi(`方舟 · ${a.name}`, `Ark · ${a.name}`),
          bi(String(err), String(err)),
        ),
      );
      continue;
    }
    for (const s of subs) {
      const mine = projects.filter((p) => p.subAccountId === s.id && p.monitored).map((p) => p.projectName);
      if (mine.length === 0 || s.status === 'missing') continue;
      const r = await enforceabilityOf(client, s.userName, mine, now);
      if (r.projects.some((p) => p.customEndpoints.length > 0 || p.presetEndpoints.length > 0))
        arkInUse = true;
      const l = lines(r);
      const risky =
        r.projects.some((p) => p.presetEndpoints.length || p.allResourceKeys.length || p.error) ||
        r.accountWidePolicies.length > 0;
      out.push(
        check(
          `ark.${a.name}.${s.userName}`,
          risky ? 'warn' : 'pass',
          bi(`方舟可执行性 · ${s.userName}`, `Ark enforceability · ${s.userName}`),
          bi(l.zh.join('；'), l.en.join('; ')),
        ),
      );
    }
    try {
      const monitored = new Set(projects.filter((p) => p.monitored).map((p) => p.projectName));
      const spend = [...(await spendByProject(client, now))].filter(([p, v]) => !monitored.has(p) && v.gt(0));
      const text = spend.map(([p, v]) => `${p || '-'} ${v.toFixed(2)}`);
      out.push(
        check(
          `ark.${a.name}.unattributed`,
          spend.length ? 'warn' : 'pass',
          bi(`未归属的消费 · ${a.name}`, `Unattributed spending · ${a.name}`),
          spend.length
            ? bi(
                `本月没有子账号监控的项目的消费（不计入任何额度）：${text.join('、')}`,
                `this month's spending in projects no sub-account monitors (counted against no quota): ${text.join(', ')}`,
              )
            : bi('本月所有消费都在被监控的项目中', "all of this month's spending is in monitored projects"),
        ),
      );
    } catch (err) {
      out.push(
        check(
          `ark.${a.name}.unattributed`,
          'skip',
          bi(`未归属的消费 · ${a.name}`, `Unattributed spending · ${a.name}`),
          bi(String(err), String(err)),
        ),
      );
    }
  }
  out.push(...(await weeklyUnattributed(ctx)));
  out.unshift(
    check(
      'ark.unverified',
      arkInUse ? 'warn' : 'pass',
      bi('方舟：未验证的假设', 'Ark: unverified assumptions'),
      UNVERIFIED,
    ),
  );
  return out;
}

/** The week's unattributed Ark spending per main account, listed only where it is not zero. */
async function weeklyUnattributed(ctx: DoctorContext): Promise<DoctorCheck[]> {
  const u = await unattributedArkSpending(ctx.deps);
  const out: DoctorCheck[] = [];
  for (const account of new Set(u.byProject.map((p) => p.account))) {
    const mine = u.byProject.filter((p) => p.account === account);
    const total = mine.reduce((sum, p) => sum.plus(p.amount), ZERO);
    const text = mine.map((p) => `${p.project || '-'} ${p.amount.toFixed(2)}`);
    out.push(
      check(
        `ark.${account}.unattributedWeek`,
        'warn',
        bi(`本周未归属的方舟消费 · ${account}`, `Unattributed Ark spending this week · ${account}`),
        bi(
          `${u.since} 至 ${u.until}：${total.toFixed(2)} 元不计入任何额度（无人监控的项目或无项目的方舟账单行）：${text.join('、')}`,
          `${u.since} to ${u.until}: ${total.toFixed(2)} CNY counted against no quota (Ark bill rows of projects nobody monitors or of no project): ${text.join(', ')}`,
        ),
      ),
    );
  }
  return out;
}
