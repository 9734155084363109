import { UsageError } from '../../../errors.js';
import type { PausedPeriod, PausedSpendingDecision } from '../../../services/projects/pausedSpending.js';
import type { PausedDecided } from '../../../services/projects/toggleProject.js';
import { money2, moneyJson, shanghai } from '../../format.js';
import { t } from '../../i18n.js';

/** --count-paused / --skip-paused → the decision; both at once is a usage error. */
export function pausedChoice(o: {
  countPaused?: boolean;
  skipPaused?: boolean;
}): PausedSpendingDecision | undefined {
  if (o.countPaused && o.skipPaused) {
    throw new UsageError(
      t('--count-paused 与 --skip-paused 只能选一个', 'give --count-paused or --skip-paused, not both'),
    );
  }
  return o.countPaused ? 'count' : o.skipPaused ? 'skip' : undefined;
}

const periodLine = (p: PausedPeriod): string => {
  const spent =
    p.spending === null
      ? t('金额未知', 'amount unknown')
      : `¥${money2(p.spending)}${p.provisional ? t('（截至目前；账单最多晚 2 天）', ' (so far; the bill can lag up to 2 days)') : ''}`;
  return t(
    `  ${p.projectName}：${shanghai(p.pausedAt)} 暂停；${p.skipFrom} 至 ${p.skipTo} 的消费 ${spent}`,
    `  ${p.projectName}: paused ${shanghai(p.pausedAt)}; spending ${p.skipFrom} to ${p.skipTo}: ${spent}`,
  );
};

/** Refuses to guess: names the paused periods and the two flags (exit 2, nothing changed). */
export function pausedQuestion(ps: readonly PausedPeriod[]): UsageError {
  return new UsageError(
    [
      t(
        '暂停期间有消费，恢复前请选择是否计入额度（什么都没有改动）：',
        'spending happened while paused; choose whether it counts before resuming (nothing was changed):',
      ),
      ...ps.map(periodLine),
      t(
        '暂停当天和恢复当天的消费照常计入；--skip-paused 不计入两者之间的整天（上海时间），--count-paused 全部计入。',
        'The day of the pause and the day of the resume count in full; --skip-paused leaves out the whole days between (Shanghai time), --count-paused counts them.',
      ),
    ].join('\n'),
  );
}

export function presentDecided(d: PausedDecided | undefined): Record<string, unknown> {
  if (!d) return {};
  return {
    pausedSpending: {
      decision: d.decision,
      periods: d.periods.map((p) => ({
        project: p.projectName,
        pausedAt: p.pausedAt.toISOString(),
        skipFrom: p.skipFrom,
        skipTo: p.skipTo,
        spending: p.spending === null ? null : moneyJson(p.spending),
        provisional: p.provisional,
      })),
    },
  };
}

export function decidedText(d: PausedDecided | undefined): string {
  if (!d) return '';
  return d.periods
    .map(
      (p) =>
        (d.decision === 'skip'
          ? t(
              `${p.projectName}：${p.skipFrom} 至 ${p.skipTo} 的消费不计入额度`,
              `${p.projectName}: spending from ${p.skipFrom} to ${p.skipTo} does not count`,
            )
          : t(`${p.projectName}：暂停期间的消费计入额度`, `${p.projectName}: the paused period counts`)) +
        '\n',
    )
    .join('');
}
