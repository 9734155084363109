import { projectRemovedCard } from '../../../cards/projectRemoved.js';
import { removeProject } from '../../services/projects/removeProject.js';
import { policyLabel } from '../../services/projects/projectPolicies.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, NAME, PROJECT, policyOrProjectNotFound, subRef } from './userShared.js';

/**
 * `project remove NAME PROJECT` (admin): the project stops counting and exactly the policies AirGate
 * attached in its scope are detached; the card lists which.
 */
export const projectRemoveCommand = defineChatCommand({
  key: 'projectRemove',
  names: ['project remove', '项目 移除', '项目 删除'],
  args: positional({ name: word(NAME), project: word(PROJECT) }),
  policy: 'project.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    return removeProject(deps, {
      actor,
      subAccountId: sub.id,
      projectName: a.project,
      requestId: meta.requestId,
    });
  },
  render: (r, locale) =>
    projectRemovedCard(
      {
        sub: subRef(r.subAccount),
        project: r.project.projectName,
        detached: r.detached.map(policyLabel),
        spentUntilNow: r.project.spent,
      },
      locale,
    ),
  notFound: (deps, a) => policyOrProjectNotFound(deps, a),
});
