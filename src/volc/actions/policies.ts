import { z } from 'zod';
import type { VolcClient } from '../client.js';
import { callInfo, volcRequest } from '../catalog.js';
import { emptyResult, intLike, items, listOf, paginate, type Page } from './common.js';
import { IAM_PAGE_LIMIT } from './users.js';

export const policyTypeSchema = z.enum(['System', 'Custom']);
export type PolicyType = z.infer<typeof policyTypeSchema>;

export const policySchema = z.looseObject({
  PolicyName: z.string().min(1),
  PolicyType: policyTypeSchema,
  PolicyTrn: z.string().optional(),
  Description: z.string().optional(),
  PolicyDocument: z.string().optional(),
  Category: z.string().optional(),
  AttachmentCount: z.number().int().optional(),
  IsServiceRolePolicy: z.number().int().optional(),
  CreateDate: z.string().optional(),
  UpdateDate: z.string().optional(),
});
export type VolcPolicy = z.infer<typeof policySchema>;

export const listPoliciesResultSchema = z.looseObject({
  PolicyMetadata: listOf(policySchema),
  Total: intLike,
  Limit: intLike.optional(),
  Offset: intLike.optional(),
});
export type ListPoliciesResult = z.infer<typeof listPoliciesResultSchema>;
export const policyResultSchema = z.looseObject({ Policy: policySchema });

/** One entry per scope a policy is attached in: Global, or one per project (AttachPolicyInProject). */
export const policyScopeSchema = z.looseObject({
  PolicyScopeType: z.string(),
  ProjectName: z.string().optional(),
  ProjectDisplayName: z.string().optional(),
  AttachDate: z.string().optional(),
});
export const attachedPolicySchema = z.looseObject({
  PolicyName: z.string().min(1),
  PolicyType: policyTypeSchema,
  PolicyTrn: z.string().optional(),
  Description: z.string().optional(),
  AttachDate: z.string().optional(),
  PolicyScope: listOf(policyScopeSchema),
});
export type VolcAttachedPolicy = z.infer<typeof attachedPolicySchema>;
export const listAttachedUserPoliciesResultSchema = z.looseObject({
  AttachedPolicyMetadata: listOf(attachedPolicySchema),
});

export type ListPoliciesParams = {
  Scope?: PolicyType;
  Query?: string;
  Limit?: number;
  Offset?: number;
  WithServiceRolePolicy?: number;
};

export async function listPolicies(
  client: VolcClient,
  p: ListPoliciesParams = {},
): Promise<ListPoliciesResult> {
  return client.call(volcRequest('ListPolicies', p), listPoliciesResultSchema);
}

export function policyPages(
  client: VolcClient,
  p: Omit<ListPoliciesParams, 'Limit' | 'Offset'> & { pageSize?: number } = {},
): AsyncGenerator<Page<VolcPolicy>> {
  const { pageSize, ...filter } = p;
  return paginate(callInfo('ListPolicies'), pageSize ?? IAM_PAGE_LIMIT, async (Offset, Limit) => {
    const r = await listPolicies(client, { ...filter, Limit, Offset });
    return { items: r.PolicyMetadata, total: r.Total };
  });
}

/** Every policy (system and custom unless Scope narrows it). */
export function listAllPolicies(
  client: VolcClient,
  p: Omit<ListPoliciesParams, 'Limit' | 'Offset'> & { pageSize?: number } = {},
): AsyncGenerator<VolcPolicy> {
  return items(policyPages(client, p));
}

export async function getPolicy(
  client: VolcClient,
  p: { PolicyName: string; PolicyType: PolicyType },
): Promise<VolcPolicy> {
  return (await client.call(volcRequest('GetPolicy', p), policyResultSchema)).Policy;
}

/** A custom policy (IAM 2018-01-01 CreatePolicy: PolicyName, PolicyDocument, Description). */
export async function createPolicy(
  client: VolcClient,
  p: { PolicyName: string; PolicyDocument: string; Description?: string },
): Promise<VolcPolicy> {
  return (await client.call(volcRequest('CreatePolicy', p), policyResultSchema)).Policy;
}

export type UserPolicyParams = { UserName: string; PolicyName: string; PolicyType: PolicyType };

/** Account-wide (Global) attachment; project scoping is AttachPolicyInProject (projects.ts). */
export async function attachUserPolicy(client: VolcClient, p: UserPolicyParams): Promise<void> {
  await client.call(volcRequest('AttachUserPolicy', p), emptyResult);
}

export async function detachUserPolicy(client: VolcClient, p: UserPolicyParams): Promise<void> {
  await client.call(volcRequest('DetachUserPolicy', p), emptyResult);
}

export async function listAttachedUserPolicies(
  client: VolcClient,
  p: { UserName: string },
): Promise<VolcAttachedPolicy[]> {
  return (await client.call(volcRequest('ListAttachedUserPolicies', p), listAttachedUserPoliciesResultSchema))
    .AttachedPolicyMetadata;
}
