import { NotFoundError } from '../../errors.js';
import { listAccessKeys, updateAccessKey, type VolcAccessKey } from '../../volc/actions/accessKeys.js';
import { listAllApiKeys, updateApiKey, type VolcApiKey } from '../../volc/actions/apiKeys.js';
import {
  getLoginProfile,
  updateLoginProfile,
  type VolcLoginProfile,
} from '../../volc/actions/loginProfiles.js';
import type { VolcClient } from '../../volc/client.js';
import { isVolcCode } from './volcErrors.js';

/**
 * What a sub-account can use on Volcengine right now: its access keys, its IAM API keys and its console
 * login (null: none). `apiKeysError` is set when the API keys could not be read (the rest still can be
 * turned off; the caller reports the gap).
 */
export type CloudAccess = {
  keys: VolcAccessKey[];
  apiKeys: VolcApiKey[];
  apiKeysError: unknown;
  login: VolcLoginProfile | null;
};

/**
 * Reads a user's keys and login profile. The main account's own key is never listed as the user's
 * (AirGate must never turn off its own credential).
 */
export async function readCloudAccess(client: VolcClient, userName: string): Promise<CloudAccess> {
  let keys: VolcAccessKey[];
  try {
    keys = await listAccessKeys(client, { UserName: userName });
  } catch (err) {
    if (isVolcCode(err, 'UserNotExist')) {
      throw new NotFoundError({ reason: 'volc_user_gone', params: { name: userName } });
    }
    throw err;
  }
  let login: VolcLoginProfile | null = null;
  try {
    login = await getLoginProfile(client, { UserName: userName });
  } catch (err) {
    if (!isVolcCode(err, 'LoginProfileNotExist')) throw err;
  }
  let apiKeys: VolcApiKey[] = [];
  let apiKeysError: unknown = null;
  try {
    apiKeys = await listAllApiKeys(client, { UserName: userName });
  } catch (err) {
    apiKeysError = err;
  }
  return { keys: keys.filter((k) => k.AccessKeyId !== client.accessKeyId), apiKeys, apiKeysError, login };
}

/**
 * Sets one IAM API key's status; false when it is gone. Its "not found" code is undocumented, so a
 * refusal is checked against a fresh listing instead.
 */
export async function setApiKeyStatus(
  client: VolcClient,
  userName: string,
  id: string,
  status: 'active' | 'inactive',
): Promise<boolean> {
  try {
    await updateApiKey(client, { UserName: userName, Id: id, Status: status });
    return true;
  } catch (err) {
    const now = await listAllApiKeys(client, { UserName: userName }).catch(() => null);
    if (now && !now.some((k) => k.Id === id)) return false;
    throw err;
  }
}

/** Sets one key's status; false when the key no longer exists (deleted meanwhile). */
export async function setKeyStatus(
  client: VolcClient,
  userName: string,
  accessKeyId: string,
  status: 'active' | 'inactive',
): Promise<boolean> {
  try {
    await updateAccessKey(client, { UserName: userName, AccessKeyId: accessKeyId, Status: status });
    return true;
  } catch (err) {
    if (isVolcCode(err, 'AccessKeyNotExist')) return false;
    throw err;
  }
}

/** Allows or disallows console login; false when the user has no login profile (any more). */
export async function setLoginAllowed(
  client: VolcClient,
  userName: string,
  allowed: boolean,
): Promise<boolean> {
  try {
    await updateLoginProfile(client, { UserName: userName, LoginAllowed: allowed });
    return true;
  } catch (err) {
    if (isVolcCode(err, 'LoginProfileNotExist')) return false;
    throw err;
  }
}
