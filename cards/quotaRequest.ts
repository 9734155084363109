import { translator, type Translate } from './i18n/index.js';
import { card, escapeMd, fields, header, hr, markdown, note, text } from './lib/builders.js';
import { formatMoney, formatShanghai, toDecimal } from './lib/format.js';
import { button, form, input, submitButton } from './lib/interactive.js';
import { quotaBlock, type QuotaFigures, type SubRef } from './lib/parts.js';
import {
  approverRouteLine,
  routeStepLines,
  type ApproverRouteView,
  type RouteStepsView,
} from './lib/approvalCenter.js';
import { burnLastsLine, type BurnLasts } from './lib/spendingParts.js';
import type { CardElement, CardJson, HeaderColor, Locale, MoneyLike } from './lib/types.js';
import { actionValue, FORM_FIELDS } from './lib/values.js';

export type QuotaRequestDecision =
  | { state: 'pending' }
  | { state: 'approved'; by: string; at: Date; amount: MoneyLike; newQuota: MoneyLike; note?: string | null }
  | { state: 'rejected'; by: string; at: Date; note?: string | null }
  | { state: 'expired'; at: Date }
  | { state: 'cancelled'; by: string; at: Date };

/**
 * The approval card, posted to the approvers and updated in place for everyone once decided. Only a pending
 * request has controls; a decided one names who decided and when, with no buttons left to click.
 */
export type QuotaRequestView = {
  id: string;
  sub: SubRef;
  amount: MoneyLike;
  reason: string;
  requester: string;
  createdAt: Date;
  expiresAt: Date;
  /** The sub-account's position when the card was drawn. */
  usage: QuotaFigures;
  burnPerHour?: MoneyLike | null;
  /** How long the money lasts (pending requests); perHour null: not enough data yet */
  burn?: BurnLasts;
  decision: QuotaRequestDecision;
  /** Who decides: the department's leader (and above the amount the leader's leader), or the fallback. */
  route?: ApproverRouteView;
  /** A two-step route: the steps approved, whose turn it is. */
  steps?: RouteStepsView;
};

const COLOR: Record<QuotaRequestDecision['state'], HeaderColor> = {
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
  expired: 'grey',
  cancelled: 'grey',
};

function decided(
  t: Translate,
  d: Exclude<QuotaRequestDecision, { state: 'pending' }>,
  requested: MoneyLike,
): CardElement[] {
  const at = formatShanghai(d.at, { zone: true });
  switch (d.state) {
    case 'approved': {
      const changed = !toDecimal(d.amount).eq(toDecimal(requested));
      return [
        markdown(t('request.approvedBy', { by: escapeMd(d.by), at, amount: formatMoney(d.amount) })),
        fields([
          [t('request.newQuota'), formatMoney(d.newQuota)],
          [
            t('request.approvedAmount'),
            changed
              ? t('request.changedFrom', { amount: formatMoney(d.amount), from: formatMoney(requested) })
              : formatMoney(d.amount),
          ],
        ]),
        ...(d.note ? [text(t('request.noteLine', { note: d.note }))] : []),
      ];
    }
    case 'rejected':
      return [
        markdown(t('request.rejectedBy', { by: escapeMd(d.by), at })),
        ...(d.note ? [text(t('request.noteLine', { note: d.note }))] : []),
      ];
    case 'expired':
      return [markdown(t('request.expiredAt', { at }))];
    case 'cancelled':
      return [markdown(t('request.cancelledBy', { by: escapeMd(d.by), at }))];
  }
}

function controls(t: Translate, v: QuotaRequestView): CardElement[] {
  const f = FORM_FIELDS.approve;
  return [
    form('approve_form', [
      input(f.amount, {
        label: t('request.amountLabel'),
        // The second step sees the amount the first one let through.
        value: toDecimal(v.steps?.approved[v.steps.approved.length - 1]?.amount ?? v.amount).toFixed(2),
        maxLength: 20,
        required: true,
      }),
      input(f.note, {
        label: t('request.noteOrReason'),
        placeholder: t('request.notePlaceholder'),
        maxLength: 200,
      }),
      submitButton(t('request.approve'), 'approve_submit', actionValue('request.approve', { req: v.id })),
      // Rejecting is a submit of the same form: the reason typed above goes with it (and is required).
      submitButton(
        t('request.reject'),
        'reject_submit',
        actionValue('request.reject', { req: v.id }),
        'danger',
      ),
    ]),
    button(t('request.withdraw'), actionValue('request.withdraw', { req: v.id })),
    note(t('request.expires', { at: formatShanghai(v.expiresAt, { zone: true }) })),
    note(t('request.selfNote')),
  ];
}

/** The approver route line and, on a two-step route, where the request stands. */
function routeElements(v: QuotaRequestView, locale: Locale): CardElement[] {
  const line = v.route ? approverRouteLine(v.route, locale) : null;
  const steps = v.steps ? routeStepLines(v.steps, toDecimal(v.amount).toString(), locale) : [];
  return [...(line ? [text(line)] : []), ...steps.map((l) => markdown(`**${escapeMd(l)}**`))];
}

export function quotaRequestCard(v: QuotaRequestView, locale: Locale): CardJson {
  const t = translator(locale);
  const d = v.decision;
  const elements: CardElement[] = [
    fields([
      [t('request.sub'), v.sub.name],
      [t('request.amount'), formatMoney(v.amount)],
      [t('request.requester'), v.requester],
      [t('request.createdAt'), formatShanghai(v.createdAt, { zone: true })],
    ]),
    ...routeElements(v, locale),
    markdown(`**${t('request.reason')}**`),
    text(v.reason),
    hr(),
    markdown(`**${t('request.usage')}**`),
    ...quotaBlock(t, v.usage),
    ...(v.burn
      ? [note(burnLastsLine(t, v.burn, v.amount, locale))]
      : v.burnPerHour != null
        ? [note(t('request.burn', { rate: formatMoney(v.burnPerHour) }))]
        : []),
    hr(),
    ...(d.state === 'pending' ? controls(t, v) : decided(t, d, v.amount)),
  ];
  return card({
    header: header(t('request.title', { name: v.sub.name, amount: formatMoney(v.amount) }), COLOR[d.state], {
      tags: [{ text: t(`request.state.${d.state}`), color: COLOR[d.state] }],
    }),
    elements,
  });
}
