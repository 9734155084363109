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
  wanted: Pick<SubAccountDto, 'id' | 'userName'>,
): Promise<ConflictError> {
  if (taken.subAccountId === wanted.id) {
    return new ConflictError({
      reason: 'project_added_elsewhere',
      params: { project: taken.projectName, name: wanted.userName },
    });
  }
  const owner = (await repos.subAccounts.findById(m, taken.subAccountId))?.userName ?? taken.subAccountId;
  return new ConflictError({
    reason: 'project_monitored_elsewhere',
    params: { project: taken.projectName, owner, name: wanted.userName },
  });
}
