import { z } from 'zod';
import type { VolcClient } from '../client.js';
import { callInfo, volcRequest } from '../catalog.js';
import { emptyResult, idLike, intLike, items, listOf, paginate, type Page } from './common.js';
import type { PolicyType } from './policies.js';
import { UsageError } from '../../errors.js';
import { IAM_PAGE_LIMIT } from './users.js';

/** Projects and project-scoped policies: IAM Version 2021-08-01. */
export const projectSchema = z.looseObject({
  ProjectName: z.string().min(1),
  DisplayName: z.string().optional(),
  Description: z.string().optional(),
  ParentProjectName: z.string().optional(),
  Path: z.string().optional(),
  Status: z.string().optional(),
  AccountID: idLike.optional(),
  HasPermission: z.boolean().optional(),
  CreateDate: z.string().optional(),
  UpdateDate: z.string().optional(),
});
export type VolcProject = z.infer<typeof projectSchema>;

export const listProjectsResultSchema = z.looseObject({
  Projects: listOf(projectSchema),
  Total: intLike,
  Limit: intLike.optional(),
  Offset: intLike.optional(),
});
export type ListProjectsResult = z.infer<typeof listProjectsResultSchema>;

export type ListProjectsParams = {
  Limit?: number;
  Offset?: number;
  Query?: string;
  WithParentProject?: number;
};

export async function listProjects(
  client: VolcClient,
  p: ListProjectsParams = {},
): Promise<ListProjectsResult> {
  return client.call(volcRequest('ListProjects', p), listProjectsResultSchema);
}

export function projectPages(
  client: VolcClient,
  p: { Query?: string; pageSize?: number } = {},
): AsyncGenerator<Page<VolcProject>> {
  const { pageSize, ...filter } = p;
  return paginate(callInfo('ListProjects'), pageSize ?? IAM_PAGE_LIMIT, async (Offset, Limit) => {
    const r = await listProjects(client, { ...filter, Limit, Offset });
    return { items: r.Projects, total: r.Total };
  });
}

export function listAllProjects(
  client: VolcClient,
  p: { Query?: string; pageSize?: number } = {},
): AsyncGenerator<VolcProject> {
  return items(projectPages(client, p));
}

/** GetProject and CreateProject put the project's fields directly in Result. */
export async function getProject(client: VolcClient, p: { ProjectName: string }): Promise<VolcProject> {
  return client.call(volcRequest('GetProject', p), projectSchema);
}

export type CreateProjectParams = {
  ProjectName: string;
  DisplayName?: string;
  Description?: string;
  ParentProjectName?: string;
};

export async function createProject(client: VolcClient, p: CreateProjectParams): Promise<VolcProject> {
  return client.call(volcRequest('CreateProject', p), projectSchema);
}

export async function updateProject(
  client: VolcClient,
  p: { ProjectName: string; DisplayName?: string; Description?: string },
): Promise<void> {
  await client.call(volcRequest('UpdateProject', p), emptyResult);
}

export async function deleteProject(client: VolcClient, p: { ProjectName: string }): Promise<void> {
  await client.call(volcRequest('DeleteProject', p), emptyResult);
}

export type ProjectPolicyParams = {
  PrincipalType: 'User' | 'Role' | 'UserGroup';
  PrincipalName: string;
  PolicyName: string;
  PolicyType: PolicyType;
  /** sent as ProjectName.1, ProjectName.2, … */
  ProjectName: string[];
};

/**
 * Grants a policy only inside the listed projects. AttachUserPolicy has no project parameter and
 * would grant it account-wide (volcengine-api.md section 8).
 */
export async function attachPolicyInProject(client: VolcClient, p: ProjectPolicyParams): Promise<void> {
  requireProjects(p);
  await client.call(volcRequest('AttachPolicyInProject', p), emptyResult);
}

export async function detachPolicyInProject(client: VolcClient, p: ProjectPolicyParams): Promise<void> {
  requireProjects(p);
  await client.call(volcRequest('DetachPolicyInProject', p), emptyResult);
}

function requireProjects(p: ProjectPolicyParams): void {
  if (p.ProjectName.length === 0) {
    throw new UsageError('ProjectName: name at least one project', { field: 'ProjectName' });
  }
}
