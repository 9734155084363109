import { describe, expect, it } from 'vitest';
import { quotaRequestCard, type QuotaRequestView } from '../../cards/quotaRequest.js';
import { CARD_LIMIT_BYTES } from '../../cards/lib/size.js';
import { callbackValues, cardText, checkCard } from '../cards/support/cardValidator.js';

const at = new Date('2026-12-01T02:00:00.000Z');
const base: QuotaRequestView = {
  id: 'b1d2c3e4-0000-4000-8000-000000000043',
  sub: { id: 's1', name: 'zhangsan' },
  amount: '6000',
  reason: '新模型训练',
  requester: 'Carol',
  createdAt: at,
  expiresAt: new Date(at.getTime() + 72 * 3_600_000),
  usage: { quota: '1000', spent: '800', remaining: '200', percent: '80' },
  decision: { state: 'pending' },
  route: {
    source: 'department',
    department: { id: 'platform', name: '平台组' },
    leader: { name: '张三' },
    upper: { name: '李四' },
    escalateAbove: '5000',
    escalated: true,
  },
  steps: { total: 2, approved: [], waiting: '张三' },
};

describe('the request card with its approver route', () => {
  it('states the route and the step on a card Feishu accepts, in both languages', () => {
    for (const locale of ['zh', 'en'] as const) {
      const card = quotaRequestCard(base, locale);
      expect(checkCard(card).problems).toEqual([]);
      expect(checkCard(card).requestBytes).toBeLessThanOrEqual(CARD_LIMIT_BYTES);
    }
    const zh = cardText(quotaRequestCard(base, 'zh'));
    expect(zh).toContain('审批人：平台组负责人 张三，再由 李四 审批（金额超过 ¥5,000.00）');
    expect(zh).toContain('第 1/2 步：等待 张三');
    const below = { ...base, amount: '500', route: { ...base.route!, escalated: false }, steps: undefined };
    expect(cardText(quotaRequestCard(below, 'zh'))).toContain(
      '审批人：平台组负责人 张三（超过 ¥5,000.00 再由 李四 审批）',
    );
    const fallback = {
      ...below,
      route: { ...below.route, source: 'configured' as const, leader: null, upper: null },
    };
    expect(cardText(quotaRequestCard(fallback, 'zh'))).toContain('审批人：平台组 部门无负责人，由管理员审批');
  });

  it('shows the second step the amount the first let through, in its form', () => {
    const second = {
      ...base,
      steps: { total: 2, approved: [{ by: '张三', amount: '5500', at: at.toISOString() }], waiting: '李四' },
    };
    const card = quotaRequestCard(second, 'zh');
    expect(cardText(card)).toContain('第 1/2 步：张三已同意（金额改为 ¥5,500.00），等待 李四');
    expect(JSON.stringify(card)).toContain('"5500.00"');
    expect(callbackValues(card).map((v) => (v as { a?: string }).a)).toContain('request.approve');
  });
});
