import type { FeishuProbe } from './feishuProbe.js';
import { bi, check, type Bilingual, type DoctorCheck, type DoctorContext } from './types.js';

export const CONSOLE = bi('飞书开发者后台', 'the Feishu developer console');

/** How events reach AirGate: HTTP callbacks (and how they are verified) or the long connection. */
export async function checkEventMode(
  ctx: DoctorContext,
  app: { appId: string },
  probe: FeishuProbe,
): Promise<DoctorCheck> {
  const f = ctx.config.feishu;
  const title = bi(`事件接收（${f.eventMode}）`, `event delivery (${f.eventMode})`);
  if (f.eventMode === 'http') return checkHttpEvents(ctx, title, probe.eventsPath);
  const longConnection = bi(
    `${CONSOLE.zh} → 事件与回调 → 订阅方式：使用长连接接收事件`,
    `${CONSOLE.en} → Events & Callbacks → Subscription mode: receive events through a persistent connection`,
  );
  if (!/^cli_[0-9a-fA-F]{16}$/.test(app.appId)) {
    return check(
      'feishu.events',
      'fail',
      title,
      bi(
        '长连接要求 App ID 形如 cli_ 加 16 位十六进制',
        'the long connection needs an App ID of the form cli_ + 16 hex digits',
      ),
    );
  }
  const answer = await probe.longConnection();
  if (!answer.ok) {
    return check(
      'feishu.events',
      'fail',
      title,
      bi(`长连接不可用：${answer.failure.reason}`, `long connection unavailable: ${answer.failure.reason}`),
      longConnection,
    );
  }
  const res = answer.value;
  if (res.code === 0)
    return check('feishu.events', 'pass', title, bi('长连接可建立', 'the long connection is accepted'));
  return check(
    'feishu.events',
    'fail',
    title,
    bi(`长连接被拒绝：${res.code} ${res.msg ?? ''}`, `long connection refused: ${res.code} ${res.msg ?? ''}`),
    longConnection,
  );
}

/**
 * HTTP delivery. Without an Encrypt Key Feishu neither encrypts nor signs, and the verification token each
 * event carries in clear is all that vouches for it: production requires the key (the configuration refuses
 * to start without it); elsewhere the token alone is accepted, with a warning.
 */
function checkHttpEvents(ctx: DoctorContext, title: Bilingual, path: string): DoctorCheck {
  const f = ctx.config.feishu;
  if (f.encryptKey) {
    return check(
      'feishu.events',
      'pass',
      title,
      bi(
        `HTTP 回调（加密并签名）：请求地址须为 https://<你的域名>${path}`,
        `HTTP callback (encrypted and signed): the request URL must be https://<your host>${path}`,
      ),
    );
  }
  const detail = f.verificationToken
    ? bi(
        '未设置 FEISHU_ENCRYPT_KEY：事件既不加密也不签名，只凭每个事件明文携带的 Verification Token 识别来源；生产环境使用 HTTP 回调时必须设置 Encrypt Key',
        'FEISHU_ENCRYPT_KEY is not set: events arrive neither encrypted nor signed, vouched for only by the Verification Token each carries in clear; production with HTTP delivery requires the Encrypt Key',
      )
    : bi(
        '未设置 FEISHU_ENCRYPT_KEY（也未设置 FEISHU_VERIFICATION_TOKEN）：所有事件都会被拒绝；生产环境使用 HTTP 回调时必须设置 Encrypt Key',
        'FEISHU_ENCRYPT_KEY is not set (nor FEISHU_VERIFICATION_TOKEN): every event is refused; production with HTTP delivery requires the Encrypt Key',
      );
  return check(
    'feishu.events',
    ctx.config.env === 'production' ? 'fail' : 'warn',
    title,
    detail,
    bi(
      `从${CONSOLE.zh} → 事件与回调 → 加密策略复制 Encrypt Key 到 FEISHU_ENCRYPT_KEY（Verification Token 到 FEISHU_VERIFICATION_TOKEN），或改用 FEISHU_EVENT_MODE=ws`,
      `copy the Encrypt Key from ${CONSOLE.en} → Events & Callbacks → Encryption strategy into FEISHU_ENCRYPT_KEY (and the Verification Token into FEISHU_VERIFICATION_TOKEN), or use FEISHU_EVENT_MODE=ws`,
    ),
  );
}
