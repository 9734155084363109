import { approvalCenterItem } from '../../../cards/lib/approvalCenter.js';
import type { ApprovalCenterInstance } from '../../services/requests/approvalCenter.js';

type Locale = 'zh' | 'en';
const LOCALES: Record<Locale, 'zh-CN' | 'en-US'> = { zh: 'zh-CN', en: 'en-US' };

/**
 * The body of "同步三方审批实例" (SDK `approval.v4.externalInstance.create`) for one request. Titles and form
 * entries are i18n keys (`@i18n@…`) with texts in Chinese (default) and English; `update_mode` REPLACE, so the
 * task list is exactly the people asked now. Links open AirGate's bot chat (applink), where the card is.
 */
export function instancePayload(
  inst: ApprovalCenterInstance,
  opts: { appId: string; defaultLocale: Locale },
) {
  const link = { pc_link: botLink(opts.appId), mobile_link: botLink(opts.appId) };
  const texts: Record<Locale, Array<{ key: string; value: string }>> = { zh: [], en: [] };
  let n = 0;
  const key = (render: (l: Locale) => string): string => {
    const k = `@i18n@${++n}`;
    for (const l of ['zh', 'en'] as const) texts[l].push({ key: k, value: render(l) });
    return k;
  };
  const form = (['zh', 'en'] as const).map((l) => approvalCenterItem(inst.view, l));
  const title = key((l) => form[l === 'zh' ? 0 : 1]!.title);
  const entries = form[0]!.form.map((_, i) => ({
    name: key((l) => form[l === 'zh' ? 0 : 1]!.form[i]![0]),
    value: key((l) => form[l === 'zh' ? 0 : 1]!.form[i]![1]),
  }));
  const ms = (d: Date | null) => (d ? String(d.getTime()) : '0');
  return {
    approval_code: inst.approvalCode,
    instance_id: inst.instanceId,
    status: inst.status,
    title,
    links: link,
    form: entries,
    ...(inst.requesterOpenId ? { open_id: inst.requesterOpenId } : {}),
    user_name: inst.view.requester,
    start_time: ms(inst.startedAt),
    end_time: ms(inst.endedAt),
    update_time: String(inst.updateTime),
    update_mode: 'REPLACE' as const,
    display_method: 'BROWSER' as const,
    task_list: inst.tasks.map((t) => ({
      task_id: t.taskId,
      open_id: t.openId,
      links: link,
      status: t.status,
      create_time: ms(t.createdAt),
      end_time: ms(t.endedAt),
      update_time: String(inst.updateTime),
      action_context: t.context,
      display_method: 'BROWSER' as const,
    })),
    i18n_resources: (['zh', 'en'] as const).map((l) => ({
      locale: LOCALES[l],
      texts: texts[l],
      is_default: l === opts.defaultLocale,
    })),
  };
}

/** Opens the chat with AirGate's bot (Feishu applink), where the request's card lives. */
function botLink(appId: string): string {
  return `https://applink.feishu.cn/client/bot/open?appId=${encodeURIComponent(appId)}`;
}
