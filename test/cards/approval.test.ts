import { describe, expect, it } from 'vitest';
import {
  quotaRequestCard,
  type QuotaRequestDecision,
  type QuotaRequestView,
} from '../../cards/quotaRequest.js';
import { quotaRequestOutcomeCard } from '../../cards/quotaRequestOutcome.js';
import { FORM_FIELDS, parseActionValue } from '../../cards/lib/values.js';
import { alreadyDecidedToast } from '../../cards/lib/toasts.js';
import type { CardElement, CardJson } from '../../cards/lib/types.js';
import { callbackValues, cardText, interactiveTags } from './support/cardValidator.js';
import { alice, EARLIER, NOW, quota80 } from './support/views.js';

const base: Omit<QuotaRequestView, 'decision'> = {
  id: 'req-42',
  sub: alice,
  amount: '500',
  reason: '<at id=all></at> please **now**',
  requester: 'Bob Lead',
  createdAt: EARLIER,
  expiresAt: new Date(EARLIER.getTime() + 72 * 3_600_000),
  usage: quota80,
  burnPerHour: '12.5',
};
const render = (decision: QuotaRequestDecision, locale: 'zh' | 'en' = 'zh') =>
  quotaRequestCard({ ...base, decision }, locale);

function all(card: CardJson): CardElement[] {
  const out: CardElement[] = [];
  const walk = (e: unknown): void => {
    if (Array.isArray(e)) return e.forEach(walk);
    if (e && typeof e === 'object') {
      if (typeof (e as CardElement).tag === 'string') out.push(e as CardElement);
      Object.values(e).forEach(walk);
    }
  };
  walk(card.body.elements);
  return out;
}

describe('the approval card', () => {
  it('pending: approvers can change the amount (prefilled with the request) and approve, or reject', () => {
    const card = render({ state: 'pending' });
    const input = all(card).find((e) => e.tag === 'input' && e.name === FORM_FIELDS.approve.amount);
    expect(input?.default_value).toBe('500.00');
    const actions = callbackValues(card).map((v) => parseActionValue(v)?.a);
    expect(actions).toEqual(['request.approve', 'request.reject', 'request.withdraw']);
    expect(callbackValues(card)).toContainEqual({ a: 'request.approve', v: 1, req: 'req-42' });
    const text = cardText(card);
    expect(text).toContain('¥500.00');
    expect(text).toContain('Bob Lead');
    expect(text).toContain('¥187.50'); // remaining, so approvers see the current usage
    expect(text).toContain('¥12.50/小时');
    expect(text).toContain('申请人不能审批自己的申请');
  });

  it.each([
    ['approved', { state: 'approved', by: 'Carol Approver', at: NOW, amount: '400', newQuota: '1400' }],
    ['rejected', { state: 'rejected', by: 'Carol Approver', at: NOW }],
    ['cancelled', { state: 'cancelled', by: 'Bob Lead', at: NOW }],
    ['expired', { state: 'expired', at: NOW }],
  ] as Array<[string, QuotaRequestDecision]>)(
    '%s: no button or input is left, and the card says who and when (Shanghai time)',
    (_s, d) => {
      for (const locale of ['zh', 'en'] as const) {
        const card = render(d, locale);
        expect(interactiveTags(card)).toEqual([]);
        expect(cardText(card)).toContain('2025-06-10 19:19 (UTC+8)');
        if ('by' in d) expect(cardText(card)).toContain(d.by);
      }
    },
  );

  it('pending: says an approver may approve less, and only an admin more than was asked', () => {
    expect(cardText(render({ state: 'pending' }, 'zh'))).toContain('多于申请金额仅限管理员');
    expect(cardText(render({ state: 'pending' }, 'en'))).toContain('more than requested: admins only');
  });

  it('approved: shows the new quota and that the amount was changed from the request', () => {
    const text = cardText(
      render({ state: 'approved', by: 'Carol Approver', at: NOW, amount: '400', newQuota: '1400' }, 'en'),
    );
    expect(text).toContain('**Carol Approver** approved ¥400.00 at 2025-06-10 19:19 (UTC+8).');
    expect(text).toContain('¥1,400.00');
    expect(text).toContain('¥400.00 (requested ¥500.00)');
  });

  it("never lets the requester's text ping the chat or format itself", () => {
    for (const d of [{ state: 'pending' }, { state: 'expired', at: NOW }] as QuotaRequestDecision[]) {
      const card = render(d);
      const markdownText = all(card)
        .filter((e) => e.tag === 'markdown')
        .map((e) => String(e.content))
        .join('\n');
      expect(markdownText).not.toContain('<at');
      expect(cardText(card)).toContain('<at id=all></at> please **now**'); // shown verbatim, as plain text
    }
  });

  it('the outcome DM tells the requester who decided, when, and the new quota', () => {
    const card = quotaRequestOutcomeCard(
      {
        sub: alice,
        amount: '500',
        reason: 'GPU',
        decision: { state: 'approved', by: 'Carol', at: NOW, amount: '500', newQuota: '1500' },
      },
      'zh',
    );
    expect(card.header?.template).toBe('green');
    const text = cardText(card);
    expect(text).toContain('**Carol** 于 2025-06-10 19:19 (UTC+8) 批准了你的申请');
    expect(text).toContain('¥1,500.00');
    expect(interactiveTags(card)).toEqual([]);
  });

  it('a late click is told who already decided, and when', () => {
    const t = alreadyDecidedToast(
      { state: 'approved', by: 'Carol', at: NOW, amount: '500', newQuota: '1500' },
      'en',
    );
    expect(t.content).toBe('Already approved by Carol at 2025-06-10 19:19 (UTC+8); nothing to do.');
    expect(t.i18n.zh_cn).toBe('Carol 已于 2025-06-10 19:19 (UTC+8) 批准，无需重复操作。');
    expect(alreadyDecidedToast({ state: 'expired', at: NOW }, 'zh').content).toBe(
      '这项申请已于 2025-06-10 19:19 (UTC+8) 过期。',
    );
  });
});
