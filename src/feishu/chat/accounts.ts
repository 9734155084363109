import { accountListCard, type AccountHealth, type AccountRow } from '../../../cards/accountList.js';
import type { Deps } from '../../deps.js';
import { listAccounts } from '../../services/accounts/listAccounts.js';
import { checkVolcAccounts } from '../../services/doctor/volcChecks.js';
import { maskKeyId, type DoctorCheck } from '../../services/doctor/types.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { noArgs } from './parse.js';

const RANK: Record<DoctorCheck['status'], number> = { pass: 0, skip: 1, warn: 2, fail: 3 };

/**
 * `accounts` / `账号` (admin): the Volcengine main accounts, each with the health `airgate doctor` finds
 * (a signed call, then one read per area AirGate needs): the worst of its checks, in the caller's language.
 */
export const accountsCommand = defineChatCommand({
  key: 'accounts',
  names: ['accounts', 'account list', '账号', '账号 列表', '主账号'],
  args: noArgs,
  policy: 'account.manage',
  run: async (deps, _actor, _a, meta) => ({ accounts: await accountRows(deps, meta.locale) }),
  render: (v: { accounts: AccountRow[] }, locale) => accountListCard(v, locale),
});

async function accountRows(deps: Deps, locale: Locale): Promise<AccountRow[]> {
  const [accounts, checks] = await Promise.all([
    listAccounts(deps),
    checkVolcAccounts({ config: deps.config, deps, dbReady: true, timeoutMs: 8000 }),
  ]);
  return accounts.map((a) => ({
    name: a.name,
    accessKeyId: maskKeyId(a.accessKeyId),
    region: a.region,
    fromEnv: a.source === 'env',
    health: healthOf(
      checks.filter((c) => c.id === `volc.${a.name}` || c.id.startsWith(`volc.${a.name}.`)),
      locale,
    ),
  }));
}

function healthOf(checks: readonly DoctorCheck[], locale: Locale): AccountHealth {
  const worst = [...checks].sort((x, y) => RANK[y.status] - RANK[x.status])[0];
  if (!worst) return { status: 'skip', detail: locale === 'zh' ? '未检查' : 'not checked' };
  return { status: worst.status, detail: worst.detail[locale] };
}
