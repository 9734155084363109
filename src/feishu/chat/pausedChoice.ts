import { z } from 'zod';
import type { PausedPeriodView } from '../../../cards/resumeAsk.js';
import type { PausedPeriod, PausedSpendingDecision } from '../../services/projects/pausedSpending.js';

/** The optional last word of a resume: whether the paused period counts (计入 / 不计入, count / skip). */
export const pausedChoice = z
  .string()
  .optional()
  .transform((s, ctx): PausedSpendingDecision | undefined => {
    if (s === undefined) return undefined;
    const v = s.trim().toLowerCase();
    if (['计入', '计入额度', 'count'].includes(v)) return 'count';
    if (['不计入', 'skip', 'nocount', 'no-count'].includes(v)) return 'skip';
    ctx.addIssue({ code: 'custom', message: `只能写 计入 或 不计入：${s} / expected count or skip: ${s}` });
    return z.NEVER;
  });

export const periodViews = (ps: readonly PausedPeriod[] | undefined): PausedPeriodView[] =>
  (ps ?? []).map((p) => ({
    name: p.projectName,
    pausedAt: p.pausedAt,
    resumeAt: p.resumeAt,
    skipFrom: p.skipFrom,
    skipTo: p.skipTo,
    spending: p.spending,
    provisional: p.provisional,
  }));
