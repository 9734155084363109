import { RESUME_ASK_TOAST } from '../../../cards/resumeAsk.js';
import { allocatePromptCard } from '../../../cards/allocatePrompt.js';
import { allocationDoneCard } from '../../../cards/allocationDone.js';
import { catalogs, interpolate } from '../../../cards/i18n/index.js';
import { formatMoney } from '../../../cards/lib/format.js';
import { projectRemovedCard } from '../../../cards/projectRemoved.js';
import { actionSchemas, allocateFormSchema, FORM_FIELDS } from '../../../cards/lib/values.js';
import { UsageError } from '../../errors.js';
import { allocateQuota } from '../../services/quota/allocateQuota.js';
import { getQuota } from '../../services/quota/getQuota.js';
import { policyLabel } from '../../services/projects/projectPolicies.js';
import { removeProject } from '../../services/projects/removeProject.js';
import { toggleAllProjects } from '../../services/projects/toggleAllProjects.js';
import { parseChatAmount } from '../chat/parse.js';
import { pausedParts, quotaAfter, toggledCard } from '../chat/projectToggle.js';
import { figures, operatorName, subRef } from '../chat/views.js';
import { defineCardAction } from './define.js';
import { doneToast, replyUnder } from './userShared.js';

/** "Allocate quota" on the sub-account card (admins): the clicked card becomes a small form. */
export const allocatePromptAction = defineCardAction({
  id: 'quota.allocatePrompt',
  schema: actionSchemas['quota.allocatePrompt'],
  policy: 'quota.allocate',
  run: async (deps, _actor, v, meta) => {
    const q = await getQuota(deps, { subAccountId: v.sub });
    return {
      card: {
        type: 'raw',
        data: allocatePromptCard({ sub: subRef(q.subAccount), quota: figures(q.quota) }, meta.locale),
      },
    };
  },
});

/**
 * The form's submit: the same ledger entry as `allocate NAME AMOUNT NOTE` (allocateQuota), keyed by this
 * click, so a redelivered click writes nothing new. The form is replaced by the allocation's card.
 */
export const allocateAction = defineCardAction({
  id: 'quota.allocate',
  schema: actionSchemas['quota.allocate'],
  policy: 'quota.allocate',
  run: async (deps, actor, v, meta) => {
    const form = allocateFormSchema.safeParse(meta.formValue ?? {});
    if (!form.success) throw new UsageError({ reason: 'form_unreadable' });
    const amount = parseChatAmount(form.data[FORM_FIELDS.allocate.amount]);
    const r = await allocateQuota(deps, {
      actor,
      subAccountId: v.sub,
      amount,
      note: form.data[FORM_FIELDS.allocate.note].trim(),
      requestId: meta.requestId,
      source: 'card',
    });
    const operator = await operatorName(deps, actor, r.entry.operator);
    const card = allocationDoneCard(
      {
        kind: 'allocate',
        sub: subRef(r.subAccount),
        amount,
        note: r.entry.note,
        operator,
        seq: r.entry.seq,
        quota: figures(r.quota),
        reEnabled: r.reenableRequested,
        replayed: r.replayed,
      },
      meta.locale,
    );
    const title = (l: 'zh' | 'en') =>
      interpolate(catalogs[l]['allocation.allocate.title'], { amount: formatMoney(amount) });
    return {
      toast: {
        type: 'success',
        content: title(meta.locale),
        i18n: { zh_cn: title('zh'), en_us: title('en') },
      },
      card: { type: 'raw', data: card },
    };
  },
});

/** "Remove" beside a project on the sub-account's project list (after the confirm dialog). */
export const projectRemoveAction = defineCardAction({
  id: 'project.remove',
  schema: actionSchemas['project.remove'],
  policy: 'project.manage',
  run: async (deps, actor, v, meta) => {
    const r = await removeProject(deps, {
      actor,
      subAccountId: v.sub,
      projectName: v.project,
      requestId: meta.requestId,
    });
    await replyUnder(
      meta,
      projectRemovedCard(
        {
          sub: subRef(r.subAccount),
          project: r.project.projectName,
          detached: r.detached.map(policyLabel),
          spentUntilNow: r.project.spent,
        },
        meta.locale,
      ),
    );
    return { toast: doneToast('projectRemoved.title', meta.locale) };
  },
});

/** "Pause all" / "Resume all" on the sub-account's project list; `on` is the state wanted. */
export const projectToggleAllAction = defineCardAction({
  id: 'project.toggleAll',
  schema: actionSchemas['project.toggleAll'],
  policy: 'project.manage',
  run: async (deps, actor, v, meta) => {
    const r = await toggleAllProjects(deps, {
      actor,
      subAccountId: v.sub,
      monitored: v.on,
      requestId: meta.requestId,
    });
    const view = await quotaAfter(
      deps,
      v.sub,
      r.changed.map((name) => ({ name, monitored: v.on })),
      true,
    );
    await replyUnder(meta, toggledCard({ ...view, ...pausedParts(r) }, meta.locale));
    return {
      toast: r.ask
        ? doneToast(RESUME_ASK_TOAST, meta.locale, 'info')
        : doneToast('projectToggled.title', meta.locale),
    };
  },
});
