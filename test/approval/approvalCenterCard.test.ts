import { describe, expect, it } from 'vitest';
import {
  approvalCenterItem,
  approverRouteLine,
  type ApproverRouteView,
} from '../../cards/lib/approvalCenter.js';

const route: ApproverRouteView = {
  source: 'department',
  department: { id: 'd1', name: '平台组' },
  leader: { name: 'Val' },
  upper: { name: 'Ada' },
  escalateAbove: '5000',
  escalated: false,
};

describe('the approval centre item and the approver route line', () => {
  it('states the route in Chinese and English, escalated or not, and the fallback', () => {
    expect(approverRouteLine(route, 'zh')).toBe('审批人：平台组 负责人 Val（超过 ¥5,000.00 需上级 Ada）');
    expect(approverRouteLine(route, 'en')).toBe(
      'Approver: head of 平台组, Val (above ¥5,000.00: their manager Ada)',
    );
    expect(approverRouteLine({ ...route, escalated: true }, 'zh')).toBe(
      '审批人：平台组 负责人 Val 的上级 Ada（金额超过 ¥5,000.00）',
    );
    expect(approverRouteLine({ ...route, source: 'configured', leader: null }, 'en')).toBe(
      'Approver: 平台组 has no head; the configured approvers decide',
    );
    expect(approverRouteLine({ ...route, department: null }, 'zh')).toBeNull();
  });

  it('shows the amount as money, the expiry in Shanghai time, and the outcome once decided', () => {
    const view = {
      sub: 'gpu',
      amount: '1234.5',
      reason: 'r',
      requester: 'Leo',
      expiresAt: '2026-12-08T16:30:00.000Z',
      route,
      decision: { state: 'approved' as const, by: 'Ann', amount: '1234.5' },
    };
    const zh = approvalCenterItem(view, 'zh');
    expect(zh.title).toBe('额度申请 · gpu · ¥1,234.50');
    expect(zh.form).toContainEqual(['截止时间', '2026-12-09 00:30']);
    expect(zh.form.at(-1)).toEqual(['结果', 'Ann 已批准 ¥1,234.50']);
    expect(approvalCenterItem(view, 'en').form.at(-1)).toEqual(['Outcome', 'Approved ¥1,234.50 by Ann']);
  });
});
