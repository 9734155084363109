import { actionDoneCard } from '../../../cards/actionDone.js';
import { cancelledCard } from '../../../cards/enableAsk.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { disableSubAccount } from '../../services/iam/disableSubAccount.js';
import { enableAnswerCard, enableOrAsk } from '../chat/userEnable.js';
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
    const r = await enableOrAsk(deps, {
      actor,
      subAccountId: v.sub,
      requestId: meta.requestId,
      force: v.force === true,
    });
    // Over quota: the question replaces nothing; it is asked under the card (confirm or cancel there).
    await replyUnder(meta, enableAnswerCard(r, meta.locale));
    if ('ask' in r) return {};
    return { toast: doneToast('done.enabled.title', meta.locale) };
  },
});

/** "Cancel" on a confirmation card: the card says so and nothing changes. */
export const confirmCancelAction = defineCardAction({
  id: 'confirm.cancel',
  schema: actionSchemas['confirm.cancel'],
  policy: 'subaccount.view',
  run: (_deps, _actor, _v, meta) =>
    Promise.resolve({ card: { type: 'raw', data: cancelledCard(meta.locale) } }),
});
