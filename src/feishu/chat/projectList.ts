import { projectListCard, type VolcProjectRow } from '../../../cards/projectList.js';
import type { SubRef } from '../../../cards/lib/parts.js';
import type { Deps } from '../../deps.js';
import { loadSubAccount } from '../../services/iam/loadSubAccount.js';
import { listVolcProjects } from '../../services/projects/listVolcProjects.js';
import { withAccount } from './account.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, mainAccount, NAME, subRef } from './userShared.js';

export type ProjectListResult = { projects: VolcProjectRow[]; sub?: SubRef; account?: string };

/** `project list [NAME]`: Volcengine's projects; with NAME, the card's dropdown adds one to it. */
export const projectListCommand = defineChatCommand({
  key: 'projectList',
  names: ['project list', 'projects', '项目 列表', '项目'],
  args: withAccount(positional({ name: word(NAME).optional() })),
  policy: 'project.view',
  run: (deps, _actor, a) =>
    loadProjectList(deps, a.name === undefined ? undefined : { name: a.name }, a.account),
  render: (r, locale) => projectListCard({ ...r, page: 1 }, locale),
});

/** The rows of the project list card (also for its paging buttons, which carry the sub-account id). */
export async function loadProjectList(
  deps: Deps,
  sub?: { name: string } | { id: string },
  accountName?: string,
): Promise<ProjectListResult> {
  const found =
    sub === undefined
      ? undefined
      : 'id' in sub
        ? await loadSubAccount(deps, sub.id)
        : await findSubAccount(deps, sub.name);
  const main = found ? undefined : await mainAccount(deps, accountName);
  const accountId = found?.accountId ?? main!.id;
  const projects = await listVolcProjects(deps, { accountId });
  return {
    projects: projects.map((p) => ({
      name: p.projectName,
      displayName: p.displayName === p.projectName ? '' : p.displayName,
      takenBy: p.subAccount?.userName ?? null,
    })),
    ...(found ? { sub: subRef(found) } : {}),
    ...(accountName && main ? { account: main.name } : {}),
  };
}
