import type { EntityManager } from 'typeorm';
import type { QuotaFigures, SubRef } from '../../../cards/lib/parts.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import type { QuotaStatus } from '../../domain/quota.js';
import type { FeishuActor, Subject } from '../../policies/index.js';
import type { ChatMeta } from './define.js';
import type { ArgLabel } from './parse.js';

/** Labels of the arguments most commands share. */
export const labels = {
  name: { zh: '名称', en: 'NAME' },
  amount: { zh: '金额', en: 'AMOUNT' },
  reason: { zh: '理由', en: 'REASON' },
  note: { zh: '备注', en: 'NOTE' },
} satisfies Record<string, ArgLabel>;

export function subRef(sub: Pick<SubAccountDto, 'id' | 'userName'>): SubRef {
  return { id: sub.id, name: sub.userName };
}

export function figures(q: QuotaStatus): QuotaFigures {
  return { quota: q.quota, spent: q.spent, remaining: q.remaining, percent: q.percent };
}

/**
 * The subject a policy needs of the sub-account a command names (a lead may act on their own), from the
 * message's one lookup: `run` reads the same answer through `meta.subAccount`.
 */
export async function ownerSubject(
  _deps: Deps,
  args: { name: string },
  _actor: FeishuActor,
  meta: Pick<ChatMeta, 'subAccount'>,
): Promise<Subject> {
  const sub = await meta.subAccount(args.name);
  return { ownerOpenId: sub.ownerOpenId };
}

/**
 * People as cards show them: a member's name for "feishu:ou_…" operators, "API key …", "CLI …",
 * "system"; unknown open ids stay as they are.
 */
export async function operatorNames(
  deps: Pick<Deps, 'db' | 'repos'>,
  m?: EntityManager,
): Promise<(operator: string | null | undefined) => string> {
  const members = m
    ? await deps.repos.members.list(m)
    : await withReader(deps.db, (r) => deps.repos.members.list(r));
  const byOpenId = new Map(members.map((x) => [x.openId, x.name]));
  return (operator) => {
    if (!operator) return '-';
    const [kind, ...rest] = operator.split(':');
    const id = rest.join(':');
    if (kind === 'feishu') return byOpenId.get(id) ?? id;
    if (kind === 'apikey') return `API key ${id.slice(0, 8)}`;
    if (kind === 'cli') return `CLI ${id}`;
    return operator;
  };
}
