import { RESUME_ASK_TOAST } from '../../../cards/resumeAsk.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { toggledCard, toggleOne } from '../chat/projectToggle.js';
import { defineCardAction } from './define.js';
import { doneToast, replyUnder } from './userShared.js';

/** A project's monitoring switch (sub-account card, Undo on the toggled card); `on` is the state wanted. */
export const projectToggleAction = defineCardAction({
  id: 'project.toggle',
  schema: actionSchemas['project.toggle'],
  policy: 'project.manage',
  run: async (deps, actor, v, meta) => {
    const r = await toggleOne(deps, actor, {
      subAccountId: v.sub,
      project: v.project,
      on: v.on,
      requestId: meta.requestId,
    });
    await replyUnder(meta, toggledCard(r, meta.locale));
    return {
      toast: doneToast(
        r.ask ? RESUME_ASK_TOAST : 'projectToggled.title',
        meta.locale,
        r.ask ? 'info' : 'success',
      ),
    };
  },
});
