import { projectAddedCard } from '../../../cards/projectAdded.js';
import type { Deps } from '../../deps.js';
import type { FeishuActor } from '../../policies/index.js';
import { addProject, type AddProjectResult } from '../../services/projects/addProject.js';
import { policyLabel } from '../../services/projects/projectPolicies.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, NAME, PROJECT, policyOrProjectNotFound, subRef } from './userShared.js';

/**
 * `project add NAME PROJECT` (admin): the project's spending counts towards NAME's quota from today, and
 * the default policies (settings) are attached in that project's scope; the card lists which.
 */
export const projectAddCommand = defineChatCommand({
  key: 'projectAdd',
  names: ['project add', '项目 添加', '项目 新增'],
  args: positional({ name: word(NAME), project: word(PROJECT) }),
  policy: 'project.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    return addProjectFor(deps, actor, sub.id, a.project, meta.requestId);
  },
  render: (r, locale) => projectAddedView(r, locale),
  notFound: (deps, a) => policyOrProjectNotFound(deps, a),
});

export function addProjectFor(
  deps: Deps,
  actor: FeishuActor,
  subAccountId: string,
  project: string,
  requestId: string,
) {
  return addProject(deps, { actor, subAccountId, projectName: project, requestId });
}

export function projectAddedView(r: AddProjectResult, locale: Locale) {
  return projectAddedCard(
    {
      sub: subRef(r.subAccount),
      project: r.project.projectName,
      attached: r.attached.map(policyLabel),
      alreadyAttached: r.alreadyHeld.map(policyLabel),
      countsFrom: r.project.countsFrom,
      quotaZero: r.subAccount.balance.lte(0),
    },
    locale,
  );
}
