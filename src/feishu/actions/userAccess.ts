import { actionDoneCard } from '../../../cards/actionDone.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { disableSubAccount } from '../../services/iam/disableSubAccount.js';
import { enableSubAccount } from '../../services/iam/enableSubAccount.js';
import { enabledCard } from '../chat/userEnable.js';
import { defineCardAction } from './define.js';
import { doneToast, replyUnder } from './userShared.js';

/** The Disable button of the sub-account card (admin): same use case as `user disable`. */
export const userDisableAction = defineCardAction({
  id: 'user.disable',
  schema: actionSchemas['user.disable'],
  policy: 'subaccount.manage',
  run: async (deps, actor, v, meta) => {
    const r = await disableSubAccount(deps, {
      actor,
      subAccountId: v.sub,
      reason: 'manual',
      requestId: meta.requestId,
    });
    const card = actionDoneCard(
      {
        kind: 'disabled',
        subject: r.subAccount.userName,
        accessKeys: r.keysTurnedOff,
        login: r.loginTurnedOff,
        unchanged: r.alreadyDisabled,
      },
      meta.locale,
    );
    await replyUnder(meta, card);
    return { toast: doneToast('done.disabled.title', meta.locale) };
  },
});

/** The Enable button of the sub-account card (admin): same use case as `user enable`. */
export const userEnableAction = defineCardAction({
  id: 'user.enable',
  schema: actionSchemas['user.enable'],
  policy: 'subaccount.manage',
  run: async (deps, actor, v, meta) => {
    const r = await enableSubAccount(deps, { actor, subAccountId: v.sub, requestId: meta.requestId });
    await replyUnder(meta, enabledCard(r, meta.locale));
    return { toast: doneToast('done.enabled.title', meta.locale) };
  },
});
