import { NotFoundError } from '../../errors.js';
import { listAccessKeys, updateAccessKey, type VolcAccessKey } from '../../volc/actions/accessKeys.js';
import {
  getLoginProfile,
  updateLoginProfile,
  type VolcLoginProfile,
} from '../../volc/actions/loginProfiles.js';
import type { VolcClient } from '../../volc/client.js';
import { isVolcCode } from './volcErrors.js';

/** What a sub-account can use on Volcengine right now: its keys and its console login (null: none). */
export type CloudAccess = { keys: VolcAccessKey[]; login: VolcLoginProfile | null };

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
      throw new NotFoundError(
        `火山引擎上已没有用户 ${userName}，请先同步 / user ${userName} no longer exists on Volcengine; run a sync`,
      );
    }
    throw err;
  }
  let login: VolcLoginProfile | null = null;
  try {
    login = await getLoginProfile(client, { UserName: userName });
  } catch (err) {
    if (!isVolcCode(err, 'LoginProfileNotExist')) throw err;
  }
  return { keys: keys.filter((k) => k.AccessKeyId !== client.accessKeyId), login };
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
