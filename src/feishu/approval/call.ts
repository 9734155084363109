import { ApprovalCenterCallError } from '../../services/requests/approvalCenter.js';
import type { FeishuClient } from '../client.js';
import { classifyFeishuError, errorFromBody } from '../errors.js';

/**
 * Runs one SDK call and returns its `data`: the SDK resolves HTTP 200 bodies with `code != 0` and rejects on
 * any other status, so both are turned into one ApprovalCenterCallError with a secret-free reason. A rejected
 * token is dropped from the client's cache so the next attempt asks for a new one.
 */
export async function callFeishu<T>(
  client: FeishuClient,
  run: () => Promise<{ code?: number; msg?: string; data?: T }>,
): Promise<T | undefined> {
  let res: { code?: number; msg?: string; data?: T };
  try {
    res = await run();
  } catch (err) {
    const e = classifyFeishuError(err);
    if (e.kind === 'token') client.invalidateToken();
    throw new ApprovalCenterCallError(e.reason, e.kind !== 'permanent');
  }
  if (res.code !== undefined && res.code !== 0) {
    const e = errorFromBody(res, 200);
    if (e.kind === 'token') client.invalidateToken();
    throw new ApprovalCenterCallError(e.reason, e.kind !== 'permanent');
  }
  return res.data;
}
