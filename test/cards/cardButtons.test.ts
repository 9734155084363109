import { describe, expect, it } from 'vitest';
import { billingCard, BILLING_PAGE_SIZE } from '../../cards/billing.js';
import { projectListCard } from '../../cards/projectList.js';
import { userDetailCard, type UserDetailView } from '../../cards/userDetail.js';
import { callbackValues, cardText } from './support/cardValidator.js';

const actions = (card: Parameters<typeof callbackValues>[0]) =>
  callbackValues(card).map((v) => (v as { a: string }).a);

/** Issue 16 item 13: bill bars, the admin's Allocate button, Remove / Pause all / Resume all. */
describe('card buttons for the chat-only commands', () => {
  it('the bill card draws a bar for the sub-accounts of the page shown, and the totals stay the rows shown', () => {
    const rows = [
      ...Array.from({ length: BILLING_PAGE_SIZE }, (_, i) => ({
        project: `a-${i}`,
        subAccount: 'alice',
        amount: '1.004',
        monitored: true,
      })),
      { project: 'b-0', subAccount: 'bob', amount: '0.5', monitored: true },
    ].reverse();
    const quotas = [
      { name: 'alice', quota: '100', spent: '95' },
      { name: 'bob', quota: '0', spent: '3' },
    ];
    const view = { month: '2026-12', rows, total: '0', monitoredTotal: '0', quotas };
    const first = cardText(billingCard({ ...view, page: 1 }, 'zh'));
    expect(first).toContain('bob  已用 ¥3.00 / ¥0.00');
    expect(first).toContain('■■■■■■■■■■ ∞'); // spent without any quota
    expect(first).toContain('alice  已用 ¥95.00 / ¥100.00');
    expect(first).toContain("<font color='orange'>■■■■■■■■■□ 95.0%</font>");
    const second = cardText(billingCard({ ...view, page: 2 }, 'en'));
    expect(second).toContain('alice  ¥95.00 of ¥100.00 used');
    expect(second).not.toContain('bob  ¥3.00');
    // the total still adds up every row as shown (26 rows: 25 × ¥1.00 + ¥0.50)
    expect(first).toContain('¥25.50');
  });

  it('offers Allocate on the sub-account card only when the viewer may allocate', () => {
    const view: UserDetailView = {
      sub: { id: 'sub-1', name: 'alice', status: 'active' },
      quota: { quota: '100', spent: '10', remaining: '90' },
      projects: [],
      policies: [],
      thresholds: [80],
      thresholdsOverridden: false,
      recent: [],
    };
    expect(actions(userDetailCard(view, 'zh'))).not.toContain('quota.allocatePrompt');
    const admin = userDetailCard({ ...view, canAllocate: true }, 'en');
    expect(callbackValues(admin)).toContainEqual({ a: 'quota.allocatePrompt', v: 1, sub: 'sub-1' });
    expect(cardText(admin)).toContain('Allocate quota');
  });

  it("the project list offers Remove for the sub-account's own projects only, and Pause/Resume all", () => {
    const projects = [
      { name: 'mine', takenBy: 'alice' },
      { name: 'theirs', takenBy: 'bob' },
      { name: 'free' },
    ];
    const plain = projectListCard({ projects, page: 1 }, 'zh');
    expect(actions(plain)).not.toContain('project.remove');
    expect(actions(plain)).not.toContain('project.toggleAll');
    const forSub = projectListCard({ projects, page: 1, sub: { id: 'sub-1', name: 'alice' } }, 'zh');
    const values = callbackValues(forSub);
    expect(values.filter((v) => (v as { a: string }).a === 'project.remove')).toEqual([
      { a: 'project.remove', v: 1, sub: 'sub-1', project: 'mine' },
    ]);
    expect(values.filter((v) => (v as { a: string }).a === 'project.toggleAll')).toEqual([
      { a: 'project.toggleAll', v: 1, sub: 'sub-1', on: false },
      { a: 'project.toggleAll', v: 1, sub: 'sub-1', on: true },
    ]);
    const none = projectListCard(
      { projects: [{ name: 'free' }], page: 1, sub: { id: 's', name: 'carol' } },
      'zh',
    );
    expect(actions(none)).not.toContain('project.toggleAll');
  });
});
