import { projectToggledCard } from '../../../cards/projectToggled.js';
import type { QuotaFigures, SubRef } from '../../../cards/lib/parts.js';
import type { PausedPeriodView } from '../../../cards/resumeAsk.js';
import type { Deps } from '../../deps.js';
import type { FeishuActor } from '../../policies/index.js';
import { toggleProject } from '../../services/projects/toggleProject.js';
import { getQuota } from '../../services/quota/getQuota.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, NAME, onOff, PROJECT, policyOrProjectNotFound } from './userShared.js';
import { pausedChoice, periodViews } from './pausedChoice.js';
import type { PausedSpendingDecision } from '../../services/projects/pausedSpending.js';

export type ProjectToggledResult = {
  sub: SubRef;
  changed: Array<{ name: string; monitored: boolean }>;
  all: boolean;
  quota: QuotaFigures;
  ask?: PausedPeriodView[];
  decided?: { count: boolean; periods: PausedPeriodView[] };
};

/**
 * `project toggle NAME PROJECT [on|off] [计入|不计入]` (admin): pauses or resumes counting one project's
 * spending; a resume over a paused period with spending asks first (or takes the last word as the answer).
 */
export const projectToggleCommand = defineChatCommand({
  key: 'projectToggle',
  names: ['project toggle', '项目 切换', '项目 开关'],
  args: positional({ name: word(NAME), project: word(PROJECT), on: onOff, paused: pausedChoice }),
  policy: 'project.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    return toggleOne(deps, actor, {
      subAccountId: sub.id,
      project: a.project,
      on: a.on,
      paused: a.paused,
      requestId: meta.requestId,
    });
  },
  render: (r, locale) => toggledCard(r, locale),
  notFound: (deps, a) => policyOrProjectNotFound(deps, a),
});

/** Toggles one project and reads the quota as it now stands (spent counts monitored projects only). */
export async function toggleOne(
  deps: Deps,
  actor: FeishuActor,
  i: {
    subAccountId: string;
    project: string;
    on: boolean | undefined;
    paused?: PausedSpendingDecision | undefined;
    requestId: string;
  },
): Promise<ProjectToggledResult> {
  const r = await toggleProject(deps, {
    actor,
    subAccountId: i.subAccountId,
    projectName: i.project,
    ...(i.on !== undefined ? { monitored: i.on } : {}),
    ...(i.paused ? { pausedSpending: i.paused } : {}),
    requestId: i.requestId,
  });
  const view = await quotaAfter(
    deps,
    i.subAccountId,
    r.ask ? [] : [{ name: r.project.projectName, monitored: r.project.monitored }],
    false,
  );
  return { ...view, ...pausedParts(r) };
}

/** The paused-period question, or the decision taken, for the toggled card. */
export function pausedParts(r: {
  ask?: Parameters<typeof periodViews>[0];
  decided?: { decision: PausedSpendingDecision; periods: Parameters<typeof periodViews>[0] };
}): Pick<ProjectToggledResult, 'ask' | 'decided'> {
  return {
    ...(r.ask ? { ask: periodViews(r.ask) } : {}),
    ...(r.decided
      ? { decided: { count: r.decided.decision === 'count', periods: periodViews(r.decided.periods) } }
      : {}),
  };
}

export async function quotaAfter(
  deps: Pick<Deps, 'db' | 'repos'>,
  subAccountId: string,
  changed: ProjectToggledResult['changed'],
  all: boolean,
): Promise<ProjectToggledResult> {
  const q = await getQuota(deps, { subAccountId });
  return {
    sub: { id: q.subAccount.id, name: q.subAccount.userName },
    changed,
    all,
    quota: {
      quota: q.quota.quota,
      spent: q.quota.spent,
      remaining: q.quota.remaining,
      percent: q.quota.percent,
    },
  };
}

export const toggledCard = (r: ProjectToggledResult, locale: Locale) => projectToggledCard(r, locale);
