import { translator } from '../i18n/index.js';
import { formatMoney, formatShanghai } from './format.js';
import type { Locale } from './types.js';

/** Who decides, as the approval centre item (and later the card) states it. */
export type ApproverRouteView = {
  source: 'department' | 'configured';
  department: { id: string; name: string } | null;
  leader: { name: string } | null;
  upper: { name: string } | null;
  escalateAbove: string | null;
  escalated: boolean;
};

/** A request as Feishu's approval centre shows it (money as decimal strings, times ISO). */
export type ApprovalCenterItemView = {
  sub: string;
  amount: string;
  reason: string;
  requester: string;
  expiresAt: string;
  route: ApproverRouteView;
  decision:
    | { state: 'pending' }
    | { state: 'approved'; by: string; amount: string }
    | { state: 'rejected' | 'cancelled'; by: string }
    | { state: 'expired' };
};

/** The item's title and form (name → value) in one language: pure, like every card. */
export function approvalCenterItem(v: ApprovalCenterItemView, locale: Locale) {
  const t = translator(locale);
  const amount = formatMoney(v.amount);
  const form: Array<[string, string]> = [
    [t('approvalCenter.field.sub'), v.sub],
    [t('approvalCenter.field.amount'), amount],
    [t('approvalCenter.field.reason'), v.reason],
    [t('approvalCenter.field.requester'), v.requester],
    [t('approvalCenter.field.expires'), formatShanghai(new Date(v.expiresAt))],
    [t('approvalCenter.field.route'), approverRouteLine(v.route, locale) ?? '—'],
  ];
  const d = v.decision;
  if (d.state === 'pending') form.push(['ℹ️', t('approvalCenter.field.note')]);
  else
    form.push([
      t('approvalCenter.field.result'),
      d.state === 'approved'
        ? t('approvalCenter.result.approved', { by: d.by, amount: formatMoney(d.amount) })
        : d.state === 'rejected'
          ? t('approvalCenter.result.rejected', { by: d.by })
          : d.state === 'cancelled'
            ? t('approvalCenter.result.cancelled', { by: d.by })
            : t('approvalCenter.result.expired'),
    ]);
  return { title: t('approvalCenter.title', { sub: v.sub, amount }), form };
}

/** The definition's name and description. */
export function approvalDefinitionTexts(locale: Locale) {
  const t = translator(locale);
  return { name: t('approvalCenter.definitionName'), description: t('approvalCenter.definitionDescription') };
}

/** The quick-approval answer's text for a refused decision. */
export function approvalCenterRefusal(why: 'self' | 'notAllowed' | 'decided', locale: Locale): string {
  const t = translator(locale);
  return why === 'self'
    ? t('approvalCenter.answer.selfApprove')
    : why === 'notAllowed'
      ? t('approvalCenter.answer.notAllowed')
      : t('approvalCenter.answer.alreadyDecided');
}

/** The route as one line ("审批人：研发部 负责人 张三（超过 ¥5,000.00 需上级 李四）"), or null without a department. */
export function approverRouteLine(route: ApproverRouteView, locale: Locale): string | null {
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
