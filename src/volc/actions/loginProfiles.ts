import { z } from 'zod';
import type { VolcClient } from '../client.js';
import { volcRequest } from '../catalog.js';
import { emptyResult, idLike } from './common.js';

/** Console login of a sub-account. The password is sent, never returned. */
export const loginProfileSchema = z.looseObject({
  UserName: z.string().min(1),
  UserId: idLike.optional(),
  LoginAllowed: z.boolean(),
  PasswordResetRequired: z.boolean().optional(),
  LoginLocked: z.boolean().optional(),
  LastLoginDate: z.string().optional(),
  LastLoginIp: z.string().optional(),
  SafeAuthFlag: z.boolean().optional(),
  SafeAuthType: z.string().optional(),
  CreateDate: z.string().optional(),
  UpdateDate: z.string().optional(),
});
export type VolcLoginProfile = z.infer<typeof loginProfileSchema>;

export const loginProfileResultSchema = z.looseObject({ LoginProfile: loginProfileSchema });

type SafeAuth = {
  SafeAuthFlag?: boolean;
  SafeAuthType?: string;
  SafeAuthExemptRequired?: number;
  SafeAuthExemptDuration?: number;
  SafeAuthExemptUnit?: number;
};
export type CreateLoginProfileParams = SafeAuth & {
  UserName: string;
  Password: string;
  LoginAllowed?: boolean;
  PasswordResetRequired?: boolean;
};
export type UpdateLoginProfileParams = SafeAuth & {
  UserName: string;
  Password?: string;
  LoginAllowed?: boolean;
  PasswordResetRequired?: boolean;
};

/** POST with a JSON body (the Go SDK's definition), so the password stays out of the URL. */
export async function createLoginProfile(
  client: VolcClient,
  p: CreateLoginProfileParams,
): Promise<VolcLoginProfile> {
  return (await client.call(volcRequest('CreateLoginProfile', p), loginProfileResultSchema)).LoginProfile;
}

export async function getLoginProfile(
  client: VolcClient,
  p: { UserName: string },
): Promise<VolcLoginProfile> {
  return (await client.call(volcRequest('GetLoginProfile', p), loginProfileResultSchema)).LoginProfile;
}

export async function updateLoginProfile(
  client: VolcClient,
  p: UpdateLoginProfileParams,
): Promise<VolcLoginProfile> {
  return (await client.call(volcRequest('UpdateLoginProfile', p), loginProfileResultSchema)).LoginProfile;
}

export async function deleteLoginProfile(client: VolcClient, p: { UserName: string }): Promise<void> {
  await client.call(volcRequest('DeleteLoginProfile', p), emptyResult);
}
