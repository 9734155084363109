import { thresholdsCard, type ThresholdsView } from '../../../cards/thresholds.js';
import { inTransaction } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import { parseThresholds } from '../../domain/thresholds.js';
import { NotFoundError } from '../../errors.js';
import type { Actor } from '../../policies/index.js';
import { writeAudit } from '../../services/audit/writeAudit.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { readSettings } from '../../services/settings/getSettings.js';
import { defineChatCommand } from './define.js';
import { positional, text, word } from './parse.js';
import { labels, subRef } from './views.js';

const CLEAR = new Set(['default', 'reset', 'clear', '默认', '恢复默认', '清除']);

/**
 * The alert thresholds of one sub-account: its own list, or none (the global list applies). Serialized on
 * the sub-account's row (C2) and audited with before and after.
 */
// TODO(lead): a use case; move to src/services/quota/ when that area takes it (the API and CLI have none yet).
export async function setSubAccountThresholds(
  deps: Pick<Deps, 'db' | 'repos' | 'clock'>,
  input: { actor: Actor; subAccountId: string; thresholds: number[] | null; requestId: string },
): Promise<ThresholdsView> {
  return inTransaction(deps.db, async (tx) => {
    const sub = await deps.repos.subAccounts.lockById(tx, input.subAccountId);
    if (!sub)
      throw new NotFoundError({ reason: 'sub_account_not_found', params: { id: input.subAccountId } });
    const global = (await readSettings(deps.repos, tx)).thresholds;
    await deps.repos.subAccounts.update(tx, sub.id, { thresholds: input.thresholds }, deps.clock.now());
    await writeAudit(deps, tx, {
      actor: input.actor,
      action: 'subaccount.thresholds',
      target: { type: 'sub_account', id: sub.id },
      before: { thresholds: sub.thresholds },
      after: { thresholds: input.thresholds },
      requestId: input.requestId,
    });
    return {
      sub: subRef(sub),
      thresholds: input.thresholds ?? global,
      cleared: input.thresholds === null,
      global,
    };
  });
}

const values = text({ zh: '阈值', en: 'THRESHOLDS' }, 100).transform((s, ctx): number[] | null => {
  if (CLEAR.has(s.toLowerCase())) return null;
  const parsed = parseThresholds(s);
  if (!parsed) {
    ctx.addIssue({
      code: 'custom',
      // A reason in its log form: the usage card reads it in the reader's language.
      message: `chat_thresholds_invalid ${JSON.stringify({ value: s })}`,
    });
    return [];
  }
  return parsed;
});

/** thresholds NAME 50,80,90 | default / 阈值: a per-sub-account override (admin). */
export const thresholdsCommand = defineChatCommand({
  key: 'thresholds',
  names: ['thresholds', 'threshold', '阈值'],
  args: positional({ name: word(labels.name), values }, { rest: 'values' }),
  policy: 'subaccount.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await resolveSubAccount(deps, a.name);
    return setSubAccountThresholds(deps, {
      actor,
      subAccountId: sub.id,
      thresholds: a.values,
      requestId: meta.requestId,
    });
  },
  render: (view, locale) => thresholdsCard(view, locale),
});
