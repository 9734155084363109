import { projectToggledCard } from '../../../cards/projectToggled.js';
import type { QuotaFigures, SubRef } from '../../../cards/lib/parts.js';
import type { Deps } from '../../deps.js';
import type { FeishuActor } from '../../policies/index.js';
import { toggleProject } from '../../services/projects/toggleProject.js';
import { getQuota } from '../../services/quota/getQuota.js';
import type { Locale } from '../texts.js';
import { defineChatCommand } from './define.js';
import { positional, word } from './parse.js';
import { findSubAccount, NAME, onOff, PROJECT, policyOrProjectNotFound } from './userShared.js';

export type ProjectToggledResult = {
  sub: SubRef;
  changed: Array<{ name: string; monitored: boolean }>;
  all: boolean;
  quota: QuotaFigures;
};

/** `project toggle NAME PROJECT [on|off]` (admin): pauses or resumes counting one project's spending. */
export const projectToggleCommand = defineChatCommand({
  key: 'projectToggle',
  names: ['project toggle', '项目 切换', '项目 开关'],
  args: positional({ name: word(NAME), project: word(PROJECT), on: onOff }),
  policy: 'project.manage',
  run: async (deps, actor, a, meta) => {
    const sub = await findSubAccount(deps, a.name);
    return toggleOne(deps, actor, {
      subAccountId: sub.id,
      project: a.project,
      on: a.on,
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
  i: { subAccountId: string; project: string; on: boolean | undefined; requestId: string },
): Promise<ProjectToggledResult> {
  const r = await toggleProject(deps, {
    actor,
    subAccountId: i.subAccountId,
    projectName: i.project,
    ...(i.on !== undefined ? { monitored: i.on } : {}),
    requestId: i.requestId,
  });
  return quotaAfter(
    deps,
    i.subAccountId,
    [{ name: r.project.projectName, monitored: r.project.monitored }],
    false,
  );
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
