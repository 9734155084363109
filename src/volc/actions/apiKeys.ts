import { z } from 'zod';
import type { VolcClient } from '../client.js';
import { callInfo, volcRequest } from '../catalog.js';
import { registerSecret } from '../../log/redact.js';
import { accessKeyStatus, type AccessKeyStatus } from './accessKeys.js';
import { emptyResult, intLike, items, listOf, paginate } from './common.js';

/**
 * IAM API keys (service iam, 2018-01-01, new in 2026): a per-user credential beside access keys. Field
 * names follow the Go SDK (service/iam api_list_api_keys.go, api_update_api_key.go); Status takes
 * `active`/`inactive` like access keys (doc 6257/2550943). Ids are strings. The paging limits (Limit at
 * most 1000, Offset at most 100) come from the Go SDK's comments; everything else is inferred.
 */
export const apiKeySchema = z.looseObject({
  Id: z.union([z.string().min(1), z.number().int()]).transform(String),
  Name: z.string().optional(),
  Status: accessKeyStatus,
  CreateDate: z.string().optional(),
  UpdateDate: z.string().optional(),
});
export type VolcApiKey = z.infer<typeof apiKeySchema>;

export const listApiKeysResultSchema = z.looseObject({ ApiKeys: listOf(apiKeySchema), Total: intLike });
export const createApiKeyResultSchema = z.looseObject({
  ApiKey: apiKeySchema.extend({ Secret: z.string().min(1) }),
});

/** One page holds every key a user can have in practice; a second page would need Offset 1000 (refused). */
const API_KEY_PAGE = 1000;

/** Every API key of an IAM user (no secrets). */
export async function listAllApiKeys(client: VolcClient, p: { UserName: string }): Promise<VolcApiKey[]> {
  const out: VolcApiKey[] = [];
  const pages = paginate(callInfo('ListApiKeys'), API_KEY_PAGE, async (Offset, Limit) => {
    const r = await client.call(
      volcRequest('ListApiKeys', { UserName: p.UserName, Limit, Offset }),
      listApiKeysResultSchema,
    );
    return { items: r.ApiKeys, total: r.Total };
  });
  for await (const k of items(pages)) out.push(k);
  return out;
}

export async function updateApiKey(
  client: VolcClient,
  p: { Id: string; Status: AccessKeyStatus; UserName: string },
): Promise<void> {
  await client.call(volcRequest('UpdateApiKey', p), emptyResult);
}

/** Creates an API key; its secret is registered with the log redactor at once. */
export async function createApiKey(
  client: VolcClient,
  p: { UserName: string; Name?: string },
): Promise<z.infer<typeof createApiKeyResultSchema>['ApiKey']> {
  const key = (await client.call(volcRequest('CreateApiKey', p), createApiKeyResultSchema)).ApiKey;
  registerSecret(key.Secret);
  return key;
}

export async function deleteApiKey(client: VolcClient, p: { Id: string; UserName: string }): Promise<void> {
  await client.call(volcRequest('DeleteApiKey', p), emptyResult);
}
