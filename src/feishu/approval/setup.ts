import type { Deps } from '../../deps.js';
import { ConfigError } from '../../errors.js';
import type { Actor } from '../../policies/actor.js';
import { updateSettings } from '../../services/settings/updateSettings.js';
import { APPROVAL_CALLBACK_PATH, putApprovalDefinition } from './api.js';

export const DEFAULT_APPROVAL_CODE = 'airgate-quota-request';

/**
 * `airgate setup approval`: creates (or updates) the third-party approval definition with AirGate's callback
 * at `publicUrl` + /feishu/approval/action, then stores its code in settings, which switches the centre on.
 * Running it again is harmless (the code is the definition's key).
 */
export async function setupApprovalCenter(
  deps: Pick<Deps, 'feishu' | 'db' | 'repos' | 'clock' | 'config'>,
  input: { actor: Actor; publicUrl: string; code?: string; requestId?: string },
): Promise<{ code: string; callbackUrl: string }> {
  if (!deps.feishu)
    throw new ConfigError('FEISHU_APP_ID and FEISHU_APP_SECRET are needed for the approval centre');
  const url = new URL(APPROVAL_CALLBACK_PATH, input.publicUrl.replace(/\/*$/, '/'));
  if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
    throw new ConfigError('the public URL must be https (Feishu posts quick approvals to it)');
  const code = await putApprovalDefinition(deps.feishu.client, {
    code: input.code ?? DEFAULT_APPROVAL_CODE,
    callbackUrl: url.toString(),
    defaultLocale: deps.config.locale,
  });
  await updateSettings(deps, {
    actor: input.actor,
    patch: { approvalCenterCode: code },
    ...(input.requestId ? { requestId: input.requestId } : {}),
  });
  return { code, callbackUrl: url.toString() };
}
