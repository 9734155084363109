import { quotaCard } from '../../../cards/quota.js';
import { actionSchemas } from '../../../cards/lib/values.js';
import { UsageError } from '../../errors.js';
import { getQuota } from '../../services/quota/getQuota.js';
import { quotaView } from '../chat/quota.js';
import { defineCardAction } from './define.js';

/** The quota picker's buttons: the clicked card becomes that sub-account's quota card. */
export const quotaOpenAction = defineCardAction({
  id: 'quota.open',
  schema: actionSchemas['quota.open'],
  policy: 'quota.view',
  run: async (deps, _actor, v, meta) => ({
    card: {
      type: 'raw',
      data: quotaCard(quotaView(await getQuota(deps, { subAccountId: v.sub })), meta.locale),
    },
  }),
});

/** The quota picker's dropdown (more sub-accounts than buttons): the chosen one's id is the option. */
export const quotaPickAction = defineCardAction({
  id: 'quota.pick',
  schema: actionSchemas['quota.pick'],
  policy: 'quota.view',
  run: async (deps, _actor, _v, meta) => {
    const id = meta.option;
    if (!id || id.length > 64) throw new UsageError({ reason: 'sub_account_pick' });
    return {
      card: {
        type: 'raw',
        data: quotaCard(quotaView(await getQuota(deps, { subAccountId: id })), meta.locale),
      },
    };
  },
});
