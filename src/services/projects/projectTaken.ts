import type { EntityManager } from 'typeorm';
import { ConflictError } from '../../errors.js';
import type { Repos } from '../../db/repos/index.js';
import type { ProjectDto } from '../../db/repos/projects.js';
import type { SubAccountDto } from '../../db/repos/subAccounts.js';

/** A project counts for at most one sub-account: the refusal names the one it is watched for. */
export async function projectTakenError(
  repos: Pick<Repos, 'subAccounts'>,
  m: EntityManager,
  taken: ProjectDto,
  wanted: SubAccountDto,
): Promise<ConflictError> {
  if (taken.subAccountId === wanted.id) {
    return new ConflictError(
      `项目 ${taken.projectName} 已添加到子账号 ${wanted.userName} / project ${taken.projectName} is already added to ${wanted.userName}`,
    );
  }
  const owner = (await repos.subAccounts.findById(m, taken.subAccountId))?.userName ?? taken.subAccountId;
  return new ConflictError(
    `项目 ${taken.projectName} 已由子账号 ${owner} 监控，不能再添加给 ${wanted.userName} / ` +
      `project ${taken.projectName} is already monitored for sub-account ${owner}; it cannot be added to ${wanted.userName}`,
  );
}
