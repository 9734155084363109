import { lark } from '../sdk.js';
import type { Logger } from '../../log/logger.js';
import type {
  BotInfo,
  FeishuApp,
  FeishuProbe,
  LongConnectionAnswer,
  ProbeAnswer,
  ProbeFailure,
} from '../../services/doctor/feishuProbe.js';
import { createFeishuClient } from '../client.js';
import { classifyFeishuError, errorFromBody } from '../errors.js';

const failed = (f: ProbeFailure): ProbeAnswer<never> => ({
  ok: false,
  failure: { feishuCode: f.feishuCode, reason: f.reason },
});
const classified = (err: unknown) => failed(classifyFeishuError(err));

/** Where the receiver is mounted (see receive.ts). */
const EVENTS_PATH = '/feishu/events';

/** The doctor's reads of one Feishu app, over the SDK and plain HTTP, with Feishu's errors classified. */
export function createFeishuProbe(app: FeishuApp, opts: { timeoutMs: number; log: Logger }): FeishuProbe {
  const client = createFeishuClient(app, opts.log, { timeoutMs: opts.timeoutMs });
  const base = app.baseUrl.replace(/\/+$/, '');
  return {
    eventsPath: EVENTS_PATH,

    async token() {
      return lark.defaultHttpInstance
        .request({
          method: 'post',
          url: `${base}/open-apis/auth/v3/tenant_access_token/internal`,
          data: { app_id: app.appId, app_secret: app.appSecret },
          timeout: opts.timeoutMs,
        })
        .then((r): ProbeAnswer<null> => {
          const body = r as unknown as { code?: unknown; msg?: unknown };
          return body.code === 0 ? { ok: true, value: null } : failed(errorFromBody(body, 200));
        }, classified);
    },

    async bot() {
      try {
        const res = (await client.sdk.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as BotInfo;
        return { ok: true, value: res };
      } catch (err) {
        return classified(err);
      }
    },

    async grantedScopes() {
      try {
        const res = await client.sdk.application.v6.scope.list();
        if (res.code !== 0) return failed({ feishuCode: res.code, reason: `${res.code} ${res.msg ?? ''}` });
        const scopes = (res.data?.scopes ?? []).filter((s) => s.grant_status === 1).map((s) => s.scope_name);
        return { ok: true, value: scopes.filter((s): s is string => typeof s === 'string') };
      } catch (err) {
        // A local failure (no response at all) says more in its own words than classified.
        if (err instanceof Error && !('response' in err)) return failed({ reason: err.message });
        return classified(err);
      }
    },

    async chat(chatId) {
      try {
        const res = (await client.sdk.request({
          method: 'GET',
          url: `/open-apis/im/v1/chats/${encodeURIComponent(chatId)}`,
        })) as { data?: { name?: string } };
        return { ok: true, value: { name: res.data?.name ?? null } };
      } catch (err) {
        return classified(err);
      }
    },

    async longConnection() {
      try {
        // What the SDK's WSClient asks first: the connection URL for this app.
        const res = (await lark.defaultHttpInstance.request({
          method: 'post',
          url: `${base}/callback/ws/endpoint`,
          data: { AppID: app.appId, AppSecret: app.appSecret },
          headers: { locale: 'zh' },
          timeout: opts.timeoutMs,
        })) as LongConnectionAnswer;
        return { ok: true, value: res };
      } catch (err) {
        return classified(err);
      }
    },
  };
}
