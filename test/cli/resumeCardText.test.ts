import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cli/chat/renderCard.js';
import { resumeAskCard } from '../../cards/resumeAsk.js';

const view = {
  sub: { id: 'sub-1', name: 'team-a' },
  all: false,
  periods: [
    {
      name: 'web',
      pausedAt: new Date('2026-05-10T04:00:00Z'),
      resumeAt: new Date('2026-05-13T01:00:00Z'),
      skipFrom: '2026-05-11',
      skipTo: '2026-05-12',
      spending: '240',
    },
  ],
};

describe('the resume question in the terminal chat', () => {
  it('reads as the card does (Shanghai times, the days, the spending, the rule) with two numbered buttons', () => {
    const { lines, clickables } = renderCard(resumeAskCard(view, 'zh'), { locale: 'zh' });
    const text = lines.join('\n');
    expect(text).toContain('■ 恢复统计前：暂停期间的消费计入额度吗？');
    expect(text).toContain(
      'web：2026-05-10 12:00 暂停，现在（2026-05-13 09:00）恢复；2026-05-11 至 2026-05-12 的消费 ¥240.00',
    );
    expect(text).toContain('暂停当天和恢复当天的消费照常计入');
    expect(clickables.map((c) => [c.label, c.value])).toEqual([
      ['计入额度', { a: 'project.resume', v: 1, sub: 'sub-1', project: 'web', count: true }],
      ['不计入', { a: 'project.resume', v: 1, sub: 'sub-1', project: 'web', count: false }],
    ]);
  });

  it('says when the bill may still add to the figure', () => {
    const v = { ...view, periods: [{ ...view.periods[0]!, provisional: true }] };
    expect(renderCard(resumeAskCard(v, 'zh'), { locale: 'zh' }).lines.join('\n')).toContain(
      '的消费 ¥240.00（截至目前；账单最多晚 2 天）',
    );
    expect(renderCard(resumeAskCard(v, 'en'), { locale: 'en' }).lines.join('\n')).toContain(
      '¥240.00 (so far; the bill can lag up to 2 days)',
    );
  });

  it('in English', () => {
    const { lines, clickables } = renderCard(resumeAskCard(view, 'en'), { locale: 'en' });
    const text = lines.join('\n');
    expect(text).toContain('Before resuming: does the paused period count against the quota?');
    expect(text).toContain(
      'web: paused 2026-05-10 12:00, resuming now (2026-05-13 09:00); spending from 2026-05-11 to 2026-05-12: ¥240.00',
    );
    expect(clickables.map((c) => c.label)).toEqual(['Count it', "Don't count"]);
  });
});
