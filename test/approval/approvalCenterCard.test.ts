import { describe, expect, it } from 'vitest';
import {
  approvalCenterItem,
  approverRouteLine,
  routeStepLines,
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
    expect(approverRouteLine(route, 'zh')).toBe('审批人：平台组负责人 Val（超过 ¥5,000.00 再由 Ada 审批）');
    expect(approverRouteLine(route, 'en')).toBe('Approver: Val, head of 平台组 (above ¥5,000.00, then Ada)');
    expect(approverRouteLine({ ...route, escalated: true }, 'zh')).toBe(
      '审批人：平台组负责人 Val，再由 Ada 审批（金额超过 ¥5,000.00）',
    );
    expect(approverRouteLine({ ...route, upperOnly: true }, 'zh')).toBe(
      '审批人：Ada（平台组负责人 Val 的上级）',
    );
    expect(approverRouteLine({ ...route, source: 'configured', leader: null }, 'zh')).toBe(
      '审批人：平台组 部门无负责人，由管理员审批',
    );
    expect(approverRouteLine({ ...route, source: 'configured', leader: null }, 'en')).toBe(
      'Approver: 平台组 has no head; an administrator decides',
    );
    expect(approverRouteLine({ ...route, department: null }, 'zh')).toBeNull();
  });

  it('states where a two-step request stands: waiting, the first step approved (with a lowered amount), done', () => {
    const waiting = { total: 2, approved: [], waiting: 'Val' };
    expect(routeStepLines(waiting, '6000', 'zh')).toEqual(['第 1/2 步：等待 Val']);
    const at = '2026-12-01T02:00:00.000Z';
    const first = { total: 2, approved: [{ by: 'Val', amount: '6000', at }], waiting: 'Ada' };
    expect(routeStepLines(first, '6000', 'zh')).toEqual(['第 1/2 步：Val已同意，等待 Ada']);
    expect(routeStepLines(first, '6000', 'en')).toEqual(['Step 1/2: Val approved, waiting for Ada']);
    const lowered = { ...first, approved: [{ by: 'Val', amount: '5500', at }] };
    expect(routeStepLines(lowered, '6000', 'zh')).toEqual([
      '第 1/2 步：Val已同意（金额改为 ¥5,500.00），等待 Ada',
    ]);
    expect(routeStepLines({ ...lowered, waiting: null }, '6000', 'zh')).toEqual([
      '第 1/2 步：Val已同意 ¥5,500.00',
    ]);
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
