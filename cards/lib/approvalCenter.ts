import { translator } from '../i18n/index.js';
import { formatMoney, formatShanghai, toDecimal } from './format.js';
import type { Locale } from './types.js';

/** Who decides, as the approval centre item (and later the card) states it. */
export type ApproverRouteView = {
  source: 'department' | 'configured';
  department: { id: string; name: string } | null;
  leader: { name: string } | null;
  upper: { name: string } | null;
  escalateAbove: string | null;
  escalated: boolean;
  /** The leader asked for the request themselves: their own leader alone decides. */
  upperOnly?: boolean;
};

/** A request as Feishu's approval centre shows it (money as decimal strings, times ISO). */
export type ApprovalCenterItemView = {
  sub: string;
  amount: string;
  reason: string;
  requester: string;
  expiresAt: string;
  route: ApproverRouteView;
  steps?: RouteStepsView;
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
    ...(v.steps
      ? routeStepLines(v.steps, v.amount, locale).map((l): [string, string] => [
          t('approvalCenter.field.step'),
          l,
        ])
      : []),
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

/**
 * The route as one line — "审批人：平台组负责人 张三（超过 ¥5,000.00 再由 李四 审批）", two steps above the
 * amount, or "审批人：平台组无负责人，由管理员审批" — or null when no department is named.
 */
export function approverRouteLine(route: ApproverRouteView, locale: Locale): string | null {
  const t = translator(locale);
  const d = route.department;
  if (!d) return null;
  if (route.source === 'configured' || !route.leader) return t('route.noLeader', { department: d.name });
  const threshold = route.escalateAbove ? formatMoney(route.escalateAbove) : '';
  const names = { department: d.name, leader: route.leader.name, upper: route.upper?.name ?? '', threshold };
  if (route.escalated && route.upper) return t('route.twoSteps', names);
  if (route.upperOnly && route.upper) return t('route.upperOnly', names);
  const line = t('route.leader', names);
  return route.upper && threshold ? line + t('route.thenUpper', names) : line;
}

/** The steps of a two-step route, as card and centre show them (money decimal strings, times ISO). */
export type RouteStepsView = {
  total: number;
  approved: Array<{ by: string; amount: string; at: string }>;
  waiting: string | null;
};

/**
 * Where a two-step request stands: "第 1/2 步：等待 张三", "第 1/2 步：张三已同意，等待 李四" (with the new
 * amount when the first step lowered it); once decided, the earlier steps' approvals.
 */
export function routeStepLines(steps: RouteStepsView, requested: string, locale: Locale): string[] {
  const t = translator(locale);
  const last = steps.approved[steps.approved.length - 1];
  if (steps.waiting !== null && !last)
    return [t('route.stepFirst', { total: steps.total, who: steps.waiting })];
  if (steps.waiting !== null && last) {
    const facts = { done: steps.approved.length, total: steps.total, by: last.by, who: steps.waiting };
    const previous = steps.approved[steps.approved.length - 2]?.amount ?? requested;
    return [
      toDecimal(last.amount).eq(toDecimal(previous))
        ? t('route.stepNext', facts)
        : t('route.stepNextChanged', { ...facts, amount: formatMoney(last.amount) }),
    ];
  }
  return steps.approved.map((a, i) =>
    t('route.stepDone', { n: i + 1, total: steps.total, by: a.by, amount: formatMoney(a.amount) }),
  );
}
