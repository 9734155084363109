import { createHmac } from 'node:crypto';
import { approvalDefinitionTexts } from '../../../cards/lib/approvalCenter.js';
import type { ApprovalCenterInstance, ApprovalCenterPort } from '../../services/requests/approvalCenter.js';
import type { FeishuClient } from '../client.js';
import { callFeishu } from './call.js';
import { instancePayload } from './payload.js';

/** Where Feishu posts quick approvals (三方快捷审批回调): AirGate's public URL + this path. */
export const APPROVAL_CALLBACK_PATH = '/feishu/approval/action';

/**
 * The `action_callback_token` AirGate gives the definition and expects back in every callback body: derived
 * from the app secret, so it is never stored, shown or logged, and changes when the secret is rotated (rerun
 * `airgate setup approval` then).
 */
export function approvalCallbackToken(appSecret: string): string {
  return createHmac('sha256', appSecret).update('airgate approval-centre callback v1').digest('base64url');
}

/** The approval centre through the official SDK (approval v4 external_instances). */
export function createApprovalCenterApi(
  client: FeishuClient,
  opts: { defaultLocale: 'zh' | 'en' },
): ApprovalCenterPort {
  return {
    async put(inst: ApprovalCenterInstance) {
      const data = instancePayload(inst, { appId: client.app.appId, defaultLocale: opts.defaultLocale });
      await callFeishu(client, () => client.sdk.approval.v4.externalInstance.create({ data }));
    },
  };
}

/**
 * Creates (or updates: the code is the key) the third-party approval definition AirGate's requests belong
 * to: quick approval on, answered at `callbackUrl`, visible to nobody as a form to start (requests are filed
 * in the chat, so `viewers` NONE).
 */
export async function putApprovalDefinition(
  client: FeishuClient,
  input: { code: string; callbackUrl: string; defaultLocale: 'zh' | 'en' },
): Promise<string> {
  const texts = (l: 'zh' | 'en') => [
    { key: '@i18n@name', value: approvalDefinitionTexts(l).name },
    { key: '@i18n@desc', value: approvalDefinitionTexts(l).description },
  ];
  const data = await callFeishu(client, () =>
    client.sdk.approval.v4.externalApproval.create({
      data: {
        approval_name: '@i18n@name',
        approval_code: input.code,
        group_code: 'airgate',
        group_name: '@i18n@name',
        description: '@i18n@desc',
        external: {
          biz_name: '@i18n@name',
          support_pc: true,
          support_mobile: true,
          support_batch_read: false,
          enable_mark_readed: false,
          enable_quick_operate: true,
          action_callback_url: input.callbackUrl,
          action_callback_token: approvalCallbackToken(client.app.appSecret),
          allow_batch_operate: false,
        },
        viewers: [{ viewer_type: 'NONE' }],
        i18n_resources: [
          { locale: 'zh-CN', texts: texts('zh'), is_default: input.defaultLocale === 'zh' },
          { locale: 'en-US', texts: texts('en'), is_default: input.defaultLocale === 'en' },
        ],
      },
    }),
  );
  return data?.approval_code ?? input.code;
}
