import { loadOperatorNamer, operatorNamerFor } from '../../services/members/operatorNames.js';
import { withReader } from '../../db/repos/transaction.js';
import { actorId } from '../../policies/actor.js';
import type { EntityManager } from 'typeorm';
import type { QuotaFigures, SubRef } from '../../../cards/lib/parts.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
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

/** People as cards show them (members and API keys by name, "CLI …", "system"). */
export const operatorNames = (deps: Pick<Deps, 'db' | 'repos'>, m?: EntityManager) =>
  loadOperatorNamer(deps, m);

/**
 * One operator's name, as operatorNames gives it: the person who typed or clicked is named from the
 * event's own member read; anyone else (a replay's first writer, say) is read alone, not with the whole
 * member and key tables.
 */
export async function operatorName(
  deps: Pick<Deps, 'db' | 'repos'>,
  actor: FeishuActor,
  operator: string,
): Promise<string> {
  if (actor.name && operator === actorId(actor)) return actor.name;
  return (await operatorNamesFor(deps, [operator]))(operator);
}

/** The namer for a few known operators, read alone (not the whole member and key tables). */
export const operatorNamesFor = (
  deps: Pick<Deps, 'db' | 'repos'>,
  operators: ReadonlyArray<string | null | undefined>,
) => withReader(deps.db, (m) => operatorNamerFor(deps, m, operators));
