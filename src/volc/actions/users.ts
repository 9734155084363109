import { z } from 'zod';
import type { VolcClient } from '../client.js';
import { callInfo, volcRequest } from '../catalog.js';
import { emptyResult, idLike, intLike, items, listOf, paginate, tagSchema, type Page } from './common.js';

/** IAM users (2018-01-01). Field names and types follow the Go SDK's User model. */
export const userSchema = z.looseObject({
  Id: z.number().int().optional(),
  UserName: z.string().min(1),
  AccountId: idLike.optional(),
  Trn: z.string().optional(),
  DisplayName: z.string().optional(),
  Description: z.string().optional(),
  Email: z.string().optional(),
  EmailIsVerify: z.boolean().optional(),
  MobilePhone: z.string().optional(),
  MobilePhoneIsVerify: z.boolean().optional(),
  CreateDate: z.string().optional(),
  UpdateDate: z.string().optional(),
  Tags: listOf(tagSchema),
});
export type VolcUser = z.infer<typeof userSchema>;

export const userResultSchema = z.looseObject({ User: userSchema });
export const listUsersResultSchema = z.looseObject({
  UserMetadata: listOf(userSchema),
  Total: intLike,
  Limit: intLike.optional(),
  Offset: intLike.optional(),
});
export type ListUsersResult = z.infer<typeof listUsersResultSchema>;

/** IAM list actions accept at most 100 per page. */
export const IAM_PAGE_LIMIT = 100;

export type CreateUserParams = {
  UserName: string;
  DisplayName?: string;
  Description?: string;
  Email?: string;
  MobilePhone?: string;
  Tags?: Array<{ Key: string; Value?: string }>;
};

export async function createUser(client: VolcClient, p: CreateUserParams): Promise<VolcUser> {
  return (await client.call(volcRequest('CreateUser', p), userResultSchema)).User;
}

export async function getUser(client: VolcClient, p: { UserName: string }): Promise<VolcUser> {
  return (await client.call(volcRequest('GetUser', p), userResultSchema)).User;
}

export type UpdateUserParams = {
  UserName: string;
  NewUserName?: string;
  NewDisplayName?: string;
  NewDescription?: string;
  NewEmail?: string;
  NewMobilePhone?: string;
};

export async function updateUser(client: VolcClient, p: UpdateUserParams): Promise<VolcUser> {
  return (await client.call(volcRequest('UpdateUser', p), userResultSchema)).User;
}

export async function deleteUser(client: VolcClient, p: { UserName: string }): Promise<void> {
  await client.call(volcRequest('DeleteUser', p), emptyResult);
}

export type ListUsersParams = { Limit?: number; Offset?: number; Query?: string };

export async function listUsers(client: VolcClient, p: ListUsersParams = {}): Promise<ListUsersResult> {
  return client.call(volcRequest('ListUsers', p), listUsersResultSchema);
}

/** Every page of ListUsers, 100 users a page. */
export function userPages(
  client: VolcClient,
  p: { Query?: string; pageSize?: number } = {},
): AsyncGenerator<Page<VolcUser>> {
  const limit = p.pageSize ?? IAM_PAGE_LIMIT;
  return paginate(callInfo('ListUsers'), limit, async (Offset, Limit) => {
    const r = await listUsers(client, {
      Limit,
      Offset,
      ...(p.Query === undefined ? {} : { Query: p.Query }),
    });
    return { items: r.UserMetadata, total: r.Total };
  });
}

/** Every user of the account, in the order Volcengine lists them. */
export function listAllUsers(
  client: VolcClient,
  p: { Query?: string; pageSize?: number } = {},
): AsyncGenerator<VolcUser> {
  return items(userPages(client, p));
}
