import { getSettings } from '../settings/getSettings.js';
import { bi, check, type DoctorCheck, type DoctorContext } from './types.js';

/** Each urgent method's scopes, any one of which is enough (open platform reference, 发送应用内/短信/电话加急). */
export const URGENT_SCOPES: Record<'urgent_app' | 'urgent_sms' | 'urgent_phone', readonly string[]> = {
  urgent_app: ['im:message.urgent', 'im:message.urgent:app_send'],
  urgent_sms: ['im:message.urgent:sms', 'im:message.urgent:sms_send'],
  urgent_phone: ['im:message.urgent:phone', 'im:message.urgent:phone_send'],
};

/**
 * What the Base (多维表格) copy of the statement needs: list/create tables, list fields, create records. The
 * whole-app `bitable:app` covers them all; the fine-grained names must all be there.
 */
export const STATEMENT_BASE_SCOPES = {
  whole: 'bitable:app',
  fine: ['base:table:read', 'base:table:create', 'base:field:read', 'base:record:create'],
} as const;

/**
 * `airgate doctor`: the scopes of the Feishu-native features that are switched on — urgent alerts
 * (`urgentAlerts` not off) and the statement's Base copy (`statementBaseAppToken` set). A feature that is
 * off is not checked; one that is on without its scope fails (its calls would be refused with 99991672).
 */
export async function checkFeishuNative(ctx: DoctorContext): Promise<DoctorCheck[]> {
  const f = ctx.config.feishu;
  if (!ctx.dbReady || !f.appId || !f.appSecret) return [];
  const settings = await getSettings(ctx.deps);
  const wanted: Array<{
    id: string;
    title: ReturnType<typeof bi>;
    ok: (s: Set<string>) => boolean;
    need: string;
  }> = [];
  if (settings.urgentAlerts !== 'off') {
    const names = URGENT_SCOPES[settings.urgentAlerts];
    wanted.push({
      id: 'feishu.urgent',
      title: bi('加急提醒的权限', 'urgent alerts scope'),
      ok: (s) => names.some((n) => s.has(n)),
      need: names.join(' | '),
    });
  }
  if (settings.statementBaseAppToken) {
    wanted.push({
      id: 'feishu.statementBase',
      title: bi('月结单多维表格的权限', 'statement Base scopes'),
      ok: (s) => s.has(STATEMENT_BASE_SCOPES.whole) || STATEMENT_BASE_SCOPES.fine.every((n) => s.has(n)),
      need: `${STATEMENT_BASE_SCOPES.whole} | ${STATEMENT_BASE_SCOPES.fine.join(' + ')}`,
    });
  }
  if (wanted.length === 0) return [];
  const probe = ctx.deps.feishuProbe(
    { appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl },
    { timeoutMs: ctx.timeoutMs },
  );
  const answer = await probe.grantedScopes();
  if (!answer.ok) {
    const why = answer.failure.reason;
    return wanted.map((w) =>
      check(
        w.id,
        'warn',
        w.title,
        bi(`读不到已开通的权限（${why}）`, `cannot read the granted scopes (${why})`),
      ),
    );
  }
  const granted = new Set(answer.value);
  return wanted.map((w) =>
    w.ok(granted)
      ? check(w.id, 'pass', w.title, bi(`已开通：${w.need}`, `granted: ${w.need}`))
      : check(
          w.id,
          'fail',
          w.title,
          bi(`未开通：${w.need}`, `not granted: ${w.need}`),
          bi(
            `在飞书开放平台「权限管理」开通 ${w.need} 并发布新版本；或在设置里关掉此功能`,
            `grant ${w.need} in the Feishu developer console (Permissions) and publish a new version, or switch the feature off in settings`,
          ),
        ),
  );
}
