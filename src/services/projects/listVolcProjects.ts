import type { Deps } from '../../deps.js';
import { withReader } from '../../db/repos/transaction.js';
import { listAllProjects } from '../../volc/actions/projects.js';

export type VolcProjectView = {
  projectName: string;
  displayName: string;
  description: string;
  /** The sub-account the project is watched for, if any. */
  subAccount: { id: string; userName: string } | null;
  monitored: boolean | null;
};

/** Every project of a main account on Volcengine, with the sub-account each is watched for. */
export async function listVolcProjects(
  deps: Pick<Deps, 'db' | 'repos' | 'volc'>,
  input: { accountId: string },
): Promise<VolcProjectView[]> {
  const client = await deps.volc(input.accountId);
  const cloud = [];
  for await (const p of listAllProjects(client)) cloud.push(p);
  const { watched, names } = await withReader(deps.db, async (m) => {
    const rows = await deps.repos.projects.listByAccount(m, input.accountId);
    const subs = await deps.repos.subAccounts.list(m, { accountId: input.accountId });
    return {
      watched: new Map(rows.map((r) => [r.projectName, r])),
      names: new Map(subs.map((s) => [s.id, s.userName])),
    };
  });
  return cloud.map((p) => {
    const row = watched.get(p.ProjectName);
    return {
      projectName: p.ProjectName,
      displayName: p.DisplayName ?? p.ProjectName,
      description: p.Description ?? '',
      subAccount: row
        ? { id: row.subAccountId, userName: names.get(row.subAccountId) ?? row.subAccountId }
        : null,
      monitored: row ? row.monitored : null,
    };
  });
}
