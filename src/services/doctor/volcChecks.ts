import { createRepos } from '../../db/repos/index.js';
import { billPeriod, previousPeriod } from '../../domain/billingPeriod.js';
import { findSplitBillingGap, SPLIT_BILLING_FIX } from '../watch/splitBilling.js';
import { checkFreshSpending } from './spendingChecks.js';
import { withReader } from '../../db/repos/transaction.js';
import { VolcClient } from '../../volc/client.js';
import { VolcApiError, VolcError, VolcNetworkError } from '../../volc/errors.js';
import { listAccessKeys } from '../../volc/actions/accessKeys.js';
import { listSplitBillDetail } from '../../volc/actions/billing.js';
import { listPolicies } from '../../volc/actions/policies.js';
import { listProjects } from '../../volc/actions/projects.js';
import { listUsers } from '../../volc/actions/users.js';
import { accountCredentials, type AccountCredentials } from '../accounts/accountCredentials.js';
import { bi, check, maskKeyId, type Bilingual, type DoctorCheck, type DoctorContext } from './types.js';

type Probe = { permission: string; area: Bilingual; call: (c: VolcClient) => Promise<unknown> };

/** One read per area AirGate needs; each stands for the writes of its area, which doctor never tries. */
const PROBES: Probe[] = [
  { permission: 'iam:ListUsers', area: bi('IAM 用户', 'IAM users'), call: (c) => listUsers(c, { Limit: 1 }) },
  { permission: 'iam:ListAccessKeys', area: bi('访问密钥', 'access keys'), call: (c) => listAccessKeys(c) },
  {
    permission: 'iam:ListPolicies',
    area: bi('策略', 'policies'),
    call: (c) => listPolicies(c, { Limit: 1 }),
  },
  {
    permission: 'iam:ListProjects',
    area: bi('项目', 'projects'),
    call: (c) => listProjects(c, { Limit: 1 }),
  },
  {
    permission: 'billing:ListSplitBillDetail',
    area: bi('账单', 'billing'),
    call: (c) =>
      listSplitBillDetail(c, {
        BillPeriod: billPeriod(new Date()),
        Limit: 1,
      }),
  },
];

const DENIED = /^(AccessDenied|LackPolicy|LackProjectPolicy|NoPermission|Forbidden|UnauthorizedOperation)/;

/**
 * Each Volcengine main account: the environment's (VOLC_*) and every one stored with `airgate account add`.
 * First one signed call (is the secret right?), then one read per area for the permissions.
 */
export async function checkVolcAccounts(ctx: DoctorContext): Promise<DoctorCheck[]> {
  const accounts = await listAccounts(ctx);
  if (accounts.length === 0) {
    return [
      check(
        'volc',
        'fail',
        bi('火山引擎账号', 'Volcengine account'),
        bi('没有配置主账号', 'no main account configured'),
        bi(
          '设置 VOLC_ACCESS_KEY_ID 和 VOLC_SECRET_ACCESS_KEY（或 airgate account add）',
          'set VOLC_ACCESS_KEY_ID and VOLC_SECRET_ACCESS_KEY (or `airgate account add`)',
        ),
      ),
    ];
  }
  const out: DoctorCheck[] = [];
  for (const a of accounts) out.push(...(await checkAccount(ctx, a)));
  return out;
}

type Account = { name: string; stored: boolean; open: () => Promise<AccountCredentials> };

async function listAccounts(ctx: DoctorContext): Promise<Account[]> {
  const { deps, config } = ctx;
  const out: Account[] = [];
  let envListed = false;
  if (ctx.dbReady) {
    const rows = await withReader(deps.db, (m) => createRepos().accounts.list(m));
    for (const r of rows) {
      envListed ||= r.source === 'env';
      out.push({ name: r.name, stored: r.source !== 'env', open: () => accountCredentials(deps, r.id) });
    }
  }
  const { accessKeyId, secretAccessKey, region, endpoint } = config.volc;
  if (!envListed && accessKeyId && secretAccessKey) {
    out.unshift({
      name: 'default',
      stored: false,
      open: async () => ({
        accountId: '',
        name: 'default',
        accessKeyId,
        secretAccessKey,
        region,
        endpoint: endpoint ?? null,
      }),
    });
  }
  return out;
}

async function checkAccount(ctx: DoctorContext, a: Account): Promise<DoctorCheck[]> {
  const id = `volc.${a.name}`;
  const title = bi(`火山引擎账号 ${a.name}`, `Volcengine account ${a.name}`);
  let creds: AccountCredentials;
  try {
    creds = await a.open();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return [
      check(
        id,
        'fail',
        title,
        bi(`无法打开保存的密钥：${why}`, `cannot open the stored secret: ${why}`),
        bi(
          '恢复加密时所用的 AIRGATE_ENCRYPTION_KEY，或 airgate account rotate-key 重新录入密钥',
          'restore the AIRGATE_ENCRYPTION_KEY it was sealed with, or enter the secret again with `airgate account rotate-key`',
        ),
      ),
    ];
  }
  const client = new VolcClient({
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    region: creds.region,
    endpoint: creds.endpoint ?? ctx.config.volc.endpoint,
    timeoutMs: Math.min(ctx.config.volc.timeoutMs, ctx.timeoutMs),
    retry: { maxAttempts: 2, maxElapsedMs: ctx.timeoutMs },
  });
  const key = maskKeyId(creds.accessKeyId);
  const results = [];
  for (const probe of PROBES) {
    const r = await probe.call(client).then(
      () => undefined,
      (err: unknown) => err,
    );
    // The first call tells whether the key signs at all; nothing else is worth trying when it does not.
    if (results.length === 0 && r !== undefined && !isDenied(r))
      return [identityFailure(id, title, a, key, r)];
    results.push({ probe, err: r });
  }
  const checks = [check(id, 'pass', title, bi(`签名正确（${key}）`, `signature accepted (${key})`))];
  const missing = results.filter((x) => x.err !== undefined && isDenied(x.err)).map((x) => x.probe);
  const broken = results.filter((x) => x.err !== undefined && !isDenied(x.err));
  const permTitle = bi(`火山引擎账号 ${a.name} 权限`, `Volcengine account ${a.name} permissions`);
  if (missing.length > 0) {
    const names = missing.map((p) => p.permission).join(', ');
    checks.push(
      check(
        `${id}.permissions`,
        'fail',
        permTitle,
        bi(
          `缺少权限：${names}（${missing.map((p) => p.area.zh).join('、')}）`,
          `missing permissions: ${names} (${missing.map((p) => p.area.en).join(', ')})`,
        ),
        bi(
          '给该密钥所属用户授权 README「火山引擎权限」一节列出的操作（含写操作）',
          'grant the key’s user the actions listed in the README section "Volcengine permissions" (writes included)',
        ),
      ),
    );
  } else if (broken.length > 0) {
    const why = broken.map((x) => `${x.probe.permission}: ${reason(x.err)}`).join('; ');
    checks.push(
      check(`${id}.permissions`, 'fail', permTitle, bi(`无法检查：${why}`, `could not check: ${why}`)),
    );
  } else {
    const areas = PROBES.map((p) => p.area);
    checks.push(
      check(
        `${id}.permissions`,
        'pass',
        permTitle,
        bi(`${areas.map((x) => x.zh).join('、')}均可读取`, `${areas.map((x) => x.en).join(', ')}: readable`),
      ),
    );
    checks.push(await checkSplitBilling(client, a));
    checks.push(...(await checkFreshSpending(client, a.name, new Date())));
  }
  return checks;
}

/**
 * Split billing on? AirGate reads spending from the split bill (the only one that attributes Ark usage to
 * projects), which stays empty until split billing is switched on: then every figure reads 0. Empty split
 * bill, this month and last, while the bill detail has rows older than the split bill's lag = off.
 */
async function checkSplitBilling(client: VolcClient, a: Account): Promise<DoctorCheck> {
  const id = `volc.${a.name}.splitBilling`;
  const title = bi(`火山引擎账号 ${a.name} 分账账单`, `Volcengine account ${a.name} split billing`);
  const now = new Date();
  const current = billPeriod(now);
  try {
    for (const period of [current, previousPeriod(current)]) {
      const split = await listSplitBillDetail(client, { BillPeriod: period, Limit: 1, NeedRecordNum: 1 });
      if (split.Total > 0 || split.List.length > 0)
        return check(id, 'pass', title, bi(`${period} 有分账数据`, `the split bill of ${period} has rows`));
      const gap = await findSplitBillingGap(client, period, now);
      if (gap) {
        return check(
          id,
          'fail',
          title,
          bi(
            `分账账单 ${period} 为空，但账单明细有 ${gap.detailRows} 行（最早 ${gap.oldestDay}）：分账账单未开通，消费会一直显示为 0`,
            `the split bill of ${period} is empty while the bill detail has ${gap.detailRows} rows (from ${gap.oldestDay}): split billing is off, spending would read 0`,
          ),
          bi(SPLIT_BILLING_FIX.zh, SPLIT_BILLING_FIX.en),
        );
      }
    }
  } catch (err) {
    return check(id, 'fail', title, bi(`无法检查：${reason(err)}`, `could not check: ${reason(err)}`));
  }
  return check(id, 'pass', title, bi('本月和上月都还没有消费', 'no spending yet this month or last'));
}

function identityFailure(id: string, title: Bilingual, a: Account, key: string, err: unknown): DoctorCheck {
  const code = err instanceof VolcApiError ? err.apiCode : undefined;
  const rotate = bi(`airgate account rotate-key ${a.name}`, `airgate account rotate-key ${a.name}`);
  const whereSecret = a.stored ? rotate : bi('改正 VOLC_SECRET_ACCESS_KEY', 'correct VOLC_SECRET_ACCESS_KEY');
  if (code === 'SignatureDoesNotMatch') {
    return check(
      id,
      'fail',
      title,
      bi(
        `签名不匹配：SecretAccessKey 与 AccessKeyId ${key} 不是一对`,
        `SignatureDoesNotMatch: the SecretAccessKey does not belong to AccessKeyId ${key}`,
      ),
      bi(
        `${whereSecret.zh}（火山引擎控制台 → 访问控制 → 密钥管理）`,
        `${whereSecret.en} (Volcengine console → IAM → Access keys)`,
      ),
    );
  }
  if (code === 'InvalidAccessKey') {
    return check(
      id,
      'fail',
      title,
      bi(
        `火山引擎不认识 AccessKeyId ${key}（已删除或填错）`,
        `Volcengine does not know AccessKeyId ${key} (deleted or mistyped)`,
      ),
      bi('在控制台新建访问密钥并填入', 'create an access key in the console and set it'),
    );
  }
  if (code === 'InvalidTimestamp') {
    return check(
      id,
      'fail',
      title,
      bi('签名时间被拒绝：本机时钟偏差过大', 'request time refused: this machine’s clock is off'),
      bi('同步系统时间（NTP）', 'sync the system clock (NTP)'),
    );
  }
  if (err instanceof VolcNetworkError) {
    return check(
      id,
      'fail',
      title,
      bi(`无法连接火山引擎：${err.message}`, `cannot reach Volcengine: ${err.message}`),
      bi(
        '检查出站 HTTPS（open.volcengineapi.com、billing.volcengineapi.com）或 VOLC_ENDPOINT',
        'check outbound HTTPS (open.volcengineapi.com, billing.volcengineapi.com) or VOLC_ENDPOINT',
      ),
    );
  }
  return check(id, 'fail', title, bi(`调用失败：${reason(err)}`, `call failed: ${reason(err)}`));
}

function isDenied(err: unknown): boolean {
  return err instanceof VolcApiError && DENIED.test(err.apiCode);
}

function reason(err: unknown): string {
  return err instanceof VolcError ? err.message : err instanceof Error ? err.message : String(err);
}
