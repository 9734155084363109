import { formatMoney } from '../../domain/money.js';
import { formatShanghai } from '../../domain/shanghaiTime.js';
import { translator, type MessageKey, type Params } from '../../../cards/i18n/index.js';
import type { ApprovalCenterInstance, ApprovalCenterView } from '../../services/requests/approvalCenter.js';
import type { ApproverRoute } from '../../services/requests/approverRoute.js';

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
  const tr = (k: MessageKey, p?: Params) => (l: Locale) => translator(l)(k, p);
  const v = inst.view;
  const amount = formatMoney(v.amount);
  const form: Array<{ name: string; value: string }> = [
    { name: key(tr('approvalCenter.field.sub')), value: key(() => v.sub) },
    { name: key(tr('approvalCenter.field.amount')), value: key(() => amount) },
    { name: key(tr('approvalCenter.field.reason')), value: key(() => v.reason) },
    { name: key(tr('approvalCenter.field.requester')), value: key(() => v.requester) },
    {
      name: key(tr('approvalCenter.field.expires')),
      value: key(() => formatShanghai(new Date(v.expiresAt))),
    },
    { name: key(tr('approvalCenter.field.route')), value: key((l) => routeLine(v.route, l) ?? '—') },
  ];
  const result = resultLine(v);
  if (result) form.push({ name: key(tr('approvalCenter.field.result')), value: key(result) });
  else form.push({ name: key(() => 'ℹ️'), value: key(tr('approvalCenter.field.note')) });
  const ms = (d: Date | null) => (d ? String(d.getTime()) : '0');
  return {
    approval_code: inst.approvalCode,
    instance_id: inst.instanceId,
    status: inst.status,
    title: key(tr('approvalCenter.title', { sub: v.sub, amount })),
    links: link,
    form,
    ...(inst.requesterOpenId ? { open_id: inst.requesterOpenId } : {}),
    user_name: v.requester,
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

/** The route as one line ("审批人：研发部 负责人 张三（超过 ¥5,000.00 需上级 李四）"), or null without a department. */
export function routeLine(route: ApproverRoute, locale: Locale): string | null {
  const t = translator(locale);
  const d = route.department;
  if (!d) return null;
  if (route.source === 'configured' || !route.leader)
    return t('approverRoute.noLeader', { department: d.name });
  const threshold = route.escalateAbove ? formatMoney(route.escalateAbove) : '';
  if (route.escalated && route.upper)
    return t('approverRoute.escalated', {
      department: d.name,
      leader: route.leader.name,
      upper: route.upper.name,
      threshold,
    });
  const line = t('approverRoute.leader', { department: d.name, leader: route.leader.name });
  return route.upper && threshold
    ? line + t('approverRoute.escalate', { threshold, upper: route.upper.name })
    : line;
}

function resultLine(v: ApprovalCenterView): ((l: Locale) => string) | null {
  const d = v.decision;
  switch (d.state) {
    case 'pending':
      return null;
    case 'approved':
      return (l) =>
        translator(l)('approvalCenter.result.approved', { by: d.by, amount: formatMoney(d.amount) });
    case 'rejected':
      return (l) => translator(l)('approvalCenter.result.rejected', { by: d.by });
    case 'cancelled':
      return (l) => translator(l)('approvalCenter.result.cancelled', { by: d.by });
    case 'expired':
      return (l) => translator(l)('approvalCenter.result.expired');
  }
}

/** Opens the chat with AirGate's bot (Feishu applink), where the request's card lives. */
function botLink(appId: string): string {
  return `https://applink.feishu.cn/client/bot/open?appId=${encodeURIComponent(appId)}`;
}
