import { actionSchemas } from '../../../cards/lib/values.js';
import { toggleAllProjects } from '../../services/projects/toggleAllProjects.js';
import { pausedParts, quotaAfter, toggledCard, toggleOne } from '../chat/projectToggle.js';
import { defineCardAction } from './define.js';
import { doneToast, replyUnder } from './userShared.js';

/**
 * 计入额度 / 不计入 on the paused-period question: resumes one project (`project`) or every paused one, with
 * the decision. A second click finds it resumed already and changes nothing (compare-and-set).
 */
export const projectResumeAction = defineCardAction({
  id: 'project.resume',
  schema: actionSchemas['project.resume'],
  policy: 'project.manage',
  run: async (deps, actor, v, meta) => {
    const paused = v.count ? ('count' as const) : ('skip' as const);
    if (v.project !== undefined) {
      const r = await toggleOne(deps, actor, {
        subAccountId: v.sub,
        project: v.project,
        on: true,
        paused,
        requestId: meta.requestId,
      });
      await replyUnder(meta, toggledCard(r, meta.locale));
    } else {
      const r = await toggleAllProjects(deps, {
        actor,
        subAccountId: v.sub,
        monitored: true,
        pausedSpending: paused,
        requestId: meta.requestId,
      });
      const view = await quotaAfter(
        deps,
        v.sub,
        r.changed.map((name) => ({ name, monitored: true })),
        true,
      );
      await replyUnder(meta, toggledCard({ ...view, ...pausedParts(r) }, meta.locale));
    }
    return { toast: doneToast('projectToggled.title', meta.locale) };
  },
});
