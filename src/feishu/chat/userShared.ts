import { z } from 'zod';
import type { NotFoundView } from '../../../cards/notFound.js';
import type { SubRef } from '../../../cards/lib/parts.js';
import { withReader } from '../../db/repos/transaction.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';
import type { Deps } from '../../deps.js';
import { listPolicyCatalog } from '../../services/iam/listPolicies.js';
import { listVolcProjects } from '../../services/projects/listVolcProjects.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import type { Subject } from '../../policies/index.js';
import { chosenAccount } from './account.js';
import { subAccountNotFound } from './errorCards.js';
import { word, type ArgLabel } from './parse.js';
import { closest } from './suggest.js';

/** Argument names of the IAM, policy and project commands, as usage messages show them. */
export const NAME: ArgLabel = { zh: '名称', en: 'NAME' };
export const PROJECT: ArgLabel = { zh: '项目', en: 'PROJECT' };
export const POLICY: ArgLabel = { zh: '策略', en: 'POLICY' };

/** The sub-account a command names (exact user name, or "account/user"); not found → suggestions. */
export function findSubAccount(deps: Pick<Deps, 'db' | 'repos'>, name: string): Promise<SubAccountDto> {
  return resolveSubAccount(deps, name);
}

export const subRef = (s: SubAccountDto): SubRef => ({ id: s.id, name: s.userName });

/** The rule subject of a sub-account (its owning lead), loaded by id from a button value. */
export async function subjectOfId(deps: Pick<Deps, 'db' | 'repos'>, id: string): Promise<Subject> {
  const sub = await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, id));
  return { ownerOpenId: sub?.ownerOpenId ?? null };
}

/** An optional on/off word: on, off, 开, 关, 开启, 暂停… → boolean; absent → undefined. */
export const onOff = z
  .string()
  .optional()
  .transform((s, ctx): boolean | undefined => {
    if (s === undefined) return undefined;
    const v = s.trim().toLowerCase();
    if (['on', 'resume', '开', '开启', '打开', '恢复'].includes(v)) return true;
    if (['off', 'pause', '关', '关闭', '暂停'].includes(v)) return false;
    ctx.addIssue({ code: 'custom', message: `只能写 开 或 关：${s} / expected on or off: ${s}` });
    return z.NEVER;
  });

/** An optional word (a project, a sub-account) that may be left out. */
export const optionalWord = (label: ArgLabel) => word(label).optional();

/**
 * What a policy or project command's `not_found` names: the sub-account when there is none by that
 * name, else the policy or the project Volcengine does not know, each with the closest real names.
 */
export async function policyOrProjectNotFound(
  deps: Deps,
  a: { name: string; policy?: string; project?: string },
): Promise<NotFoundView | undefined> {
  const sub = await findSubAccount(deps, a.name).catch(() => null);
  if (!sub) return subAccountNotFound(deps, a.name);
  if (a.policy !== undefined) {
    const bare = a.policy.replace(/^(System|Custom):/, '');
    const catalog = await listPolicyCatalog(deps, { accountId: sub.accountId });
    const names = catalog.map((p) => p.policyName);
    if (!names.includes(bare))
      return { kind: 'policy', name: a.policy, suggestions: closest(bare, names, 5) };
  }
  if (a.project !== undefined) {
    const projects = (await listVolcProjects(deps, { accountId: sub.accountId })).map((p) => p.projectName);
    const mine = (await withReader(deps.db, (m) => deps.repos.projects.listBySubAccount(m, sub.id))).map(
      (p) => p.projectName,
    );
    const pool = projects.includes(a.project) ? mine : projects;
    return { kind: 'project', name: a.project, suggestions: closest(a.project, pool, 5) };
  }
  return undefined;
}

/** The main account a command acts on: `name` when given, else the only one (several → a picker card). */
export const mainAccount = (deps: Pick<Deps, 'db' | 'repos'>, name?: string) => chosenAccount(deps, name);
