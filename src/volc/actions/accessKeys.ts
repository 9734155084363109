import { z } from 'zod';
import type { VolcClient } from '../client.js';
import { volcRequest } from '../catalog.js';
import { registerSecret } from '../../log/redact.js';
import { emptyResult, listOf } from './common.js';

/** Volcengine documents lower-case `active`/`inactive`; other casings are read the same. */
export const accessKeyStatus = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['active', 'inactive']));
export type AccessKeyStatus = z.infer<typeof accessKeyStatus>;

export const accessKeySchema = z.looseObject({
  AccessKeyId: z.string().min(1),
  Status: accessKeyStatus,
  UserName: z.string().optional(),
  CreateDate: z.string().optional(),
  UpdateDate: z.string().optional(),
});
export type VolcAccessKey = z.infer<typeof accessKeySchema>;

/** Only CreateAccessKey ever returns the secret. */
export const createdAccessKeySchema = accessKeySchema.extend({ SecretAccessKey: z.string().min(1) });
export type VolcCreatedAccessKey = z.infer<typeof createdAccessKeySchema>;

export const createAccessKeyResultSchema = z.looseObject({ AccessKey: createdAccessKeySchema });
export const listAccessKeysResultSchema = z.looseObject({ AccessKeyMetadata: listOf(accessKeySchema) });

/**
 * Creates a key for `UserName` (omitted: the caller's own). The secret is registered with the log
 * redactor at once, so no later log line or error can print it.
 */
export async function createAccessKey(
  client: VolcClient,
  p: { UserName?: string } = {},
): Promise<VolcCreatedAccessKey> {
  const key = (await client.call(volcRequest('CreateAccessKey', p), createAccessKeyResultSchema)).AccessKey;
  registerSecret(key.SecretAccessKey);
  return key;
}

/** All keys of a user (no paging; at most two per user). */
export async function listAccessKeys(
  client: VolcClient,
  p: { UserName?: string } = {},
): Promise<VolcAccessKey[]> {
  return (await client.call(volcRequest('ListAccessKeys', p), listAccessKeysResultSchema)).AccessKeyMetadata;
}

export async function updateAccessKey(
  client: VolcClient,
  p: { AccessKeyId: string; Status: AccessKeyStatus; UserName?: string },
): Promise<void> {
  await client.call(volcRequest('UpdateAccessKey', p), emptyResult);
}

export async function deleteAccessKey(
  client: VolcClient,
  p: { AccessKeyId: string; UserName?: string },
): Promise<void> {
  await client.call(volcRequest('DeleteAccessKey', p), emptyResult);
}
