import { auditListCard } from '../../../cards/auditList.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { loadAudit } from '../chat/audit.js';
import { defineCardAction } from './define.js';

/** The audit log's pager (the filters ride along in the value). */
export const auditPageAction = defineCardAction({
  id: 'audit.page',
  schema: actionSchemas['audit.page'],
  policy: 'audit.view',
  run: async (deps, _actor, v, meta) => {
    const view = await loadAudit(deps, {
      ...(v.sub ? { subAccountId: v.sub } : {}),
      ...(v.person ? { person: v.person } : {}),
      ...(v.kind ? { kind: v.kind } : {}),
      page: v.page,
    });
    return { card: { type: 'raw', data: auditListCard(view, meta.locale) } };
  },
});
