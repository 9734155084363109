import { withReader } from '../../db/repos/transaction.js';
import { toggleAllProjects } from '../../services/projects/toggleAllProjects.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { pausedParts, quotaAfter, toggledCard } from './projectToggle.js';
import { pausedChoice } from './pausedChoice.js';
import { findSubAccount, NAME, onOff } from './userShared.js';

/**
 * `project toggle-all NAME [on|off] [计入|不计入]` (admin): pauses or resumes counting every project of a
 * sub-account. Without on/off: off when any project is counted, else on. A resume asks once for all paused
 * periods with spending.
 */
export const projectToggleAllCommand = defineChatCommand({
  key: 'projectToggleAll',
  names: ['project toggle-all', 'project toggleall', '项目 全部切换', '项目 全部开关'],
  args: positional({ name: word(NAME), on: onOff, paused: pausedChoice }),
  policy: 'project.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    const projects = await withReader(deps.db, (m) => deps.repos.projects.listBySubAccount(m, sub.id));
    const monitored = a.on ?? !projects.some((p) => p.monitored);
    const r = await toggleAllProjects(deps, {
      actor,
      subAccountId: sub.id,
      monitored,
      ...(a.paused ? { pausedSpending: a.paused } : {}),
      requestId: meta.requestId,
    });
    const view = await quotaAfter(
      deps,
      sub.id,
      r.changed.map((name) => ({ name, monitored })),
      true,
    );
    return { ...view, ...pausedParts(r) };
  },
  render: (r, locale) => toggledCard(r, locale),
});
