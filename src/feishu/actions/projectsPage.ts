import { projectListCard } from '../../../cards/projectList.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { loadProjectList } from '../chat/projectList.js';
import { defineCardAction } from './define.js';

/** Previous / Next on the project list: the same card, another page, in place. */
export const projectsPageAction = defineCardAction({
  id: 'projects.page',
  schema: actionSchemas['projects.page'],
  policy: 'project.view',
  run: async (deps, _actor, v, meta) => {
    const list = await loadProjectList(deps, v.sub ? { id: v.sub } : undefined, v.acct);
    return { card: { type: 'raw', data: projectListCard({ ...list, page: v.page }, meta.locale) } };
  },
});
