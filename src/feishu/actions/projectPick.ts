import { projectListCard } from '../../../cards/projectList.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { addProjectFor, projectAddedView } from '../chat/projectAdd.js';
import { loadProjectList } from '../chat/projectList.js';
import { toggledCard, toggleOne } from '../chat/projectToggle.js';
import { defineCardAction } from './define.js';
import { doneToast, replyUnder } from './userShared.js';

/**
 * A project chosen in a dropdown: mode `add` (the project list of a sub-account) adds it, and the list
 * is refreshed in place; mode `toggle` (the sub-account card) flips its monitoring. Without a
 * sub-account, the toast says how to add it.
 */
export const projectPickAction = defineCardAction({
  id: 'project.pick',
  schema: actionSchemas['project.pick'],
  policy: 'project.manage',
  run: async (deps, actor, v, meta) => {
    const project = meta.option?.trim();
    if (!v.sub || !project) {
      const hint = (zh: boolean) =>
        zh
          ? `给子账号添加项目：项目 添加 名称 ${project ?? '项目'}`
          : `To add it to a sub-account: project add NAME ${project ?? 'PROJECT'}`;
      return {
        toast: {
          type: 'info',
          content: hint(meta.locale === 'zh'),
          i18n: { zh_cn: hint(true), en_us: hint(false) },
        },
      };
    }
    if (v.mode === 'toggle') {
      const r = await toggleOne(deps, actor, {
        subAccountId: v.sub,
        project,
        on: undefined,
        requestId: meta.requestId,
      });
      await replyUnder(meta, toggledCard(r, meta.locale));
      return { toast: doneToast('projectToggled.title', meta.locale) };
    }
    const added = await addProjectFor(deps, actor, v.sub, project, meta.requestId);
    await replyUnder(meta, projectAddedView(added, meta.locale));
    const list = await loadProjectList(deps, { id: v.sub });
    return {
      toast: doneToast('projectAdded.title', meta.locale),
      card: { type: 'raw', data: projectListCard({ ...list, page: 1 }, meta.locale) },
    };
  },
});
