import type { Clock } from '../../clock.js';
import type { OrgChartPort, OrgDepartment } from '../../services/requests/approvalCenter.js';
import type { FeishuClient } from '../client.js';
import { callFeishu } from './call.js';

/** How long a department or name read from Feishu is used before it is read again. */
export const ORG_CHART_TTL_MS = 10 * 60_000;

type Entry<T> = { value: T; at: number };

/**
 * The org chart through the SDK (contact v3 `department.get`, `user.get`) behind a cache: an entry is used for
 * `ttlMs`, then read again on the next use; a miss reads at once. A department Feishu does not know (40003)
 * is cached as null like any answer; a failed read is not cached and throws (the caller falls back).
 * Leader fields are present only with the contact:department.organize:readonly scope (`airgate doctor`).
 */
export function createOrgChart(client: FeishuClient, clock: Clock, ttlMs = ORG_CHART_TTL_MS): OrgChartPort {
  const departments = new Map<string, Entry<OrgDepartment | null>>();
  const names = new Map<string, Entry<string | null>>();
  const fresh = <T>(e: Entry<T> | undefined): e is Entry<T> => !!e && clock.now().getTime() - e.at < ttlMs;
  return {
    async department(id) {
      const hit = departments.get(id);
      if (fresh(hit)) return hit.value;
      let value: OrgDepartment | null;
      try {
        const data = await callFeishu(client, () =>
          client.sdk.contact.v3.department.get({
            path: { department_id: id },
            params: { department_id_type: 'department_id', user_id_type: 'open_id' },
          }),
        );
        const d = data?.department;
        value = d
          ? {
              id: d.department_id ?? id,
              name: d.name ?? id,
              parentId: d.parent_department_id ?? null,
              leaderOpenId: d.leader_user_id || d.leaders?.[0]?.leaderID || null,
            }
          : null;
      } catch (err) {
        if (!(err instanceof Error && /^40003\b/.test(err.message))) throw err;
        value = null;
      }
      departments.set(id, { value, at: clock.now().getTime() });
      return value;
    },
    async userName(openId) {
      const hit = names.get(openId);
      if (fresh(hit)) return hit.value;
      const data = await callFeishu(client, () =>
        client.sdk.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } }),
      ).catch(() => undefined);
      const value = data?.user?.name ?? null;
      if (data) names.set(openId, { value, at: clock.now().getTime() });
      return value;
    },
  };
}
