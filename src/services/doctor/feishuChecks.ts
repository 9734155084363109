import * as lark from '@larksuiteoapi/node-sdk';
import { createFeishuClient, type FeishuClient } from '../../feishu/client.js';
import { classifyFeishuError, errorFromBody, type FeishuApiError } from '../../feishu/errors.js';
import { getSettings } from '../settings/getSettings.js';
import { bi, check, type Bilingual, type DoctorCheck, type DoctorContext } from './types.js';

const CONSOLE = bi('飞书开发者后台', 'the Feishu developer console');

/** The Feishu app: credentials (a token), the bot, the bot in the alert chat, the way events arrive. */
export async function checkFeishu(ctx: DoctorContext): Promise<DoctorCheck[]> {
  const f = ctx.config.feishu;
  if (!f.appId || !f.appSecret) {
    return [
      check(
        'feishu',
        ctx.config.env === 'production' ? 'fail' : 'skip',
        bi('飞书应用', 'Feishu app'),
        bi(
          '未配置（FEISHU_APP_ID / FEISHU_APP_SECRET）：机器人不会运行',
          'not configured (FEISHU_APP_ID / FEISHU_APP_SECRET): no bot runs',
        ),
      ),
    ];
  }
  const app = { appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl };
  const client = createFeishuClient(app, ctx.deps.log, { timeoutMs: ctx.timeoutMs });
  const token = await checkToken(app, ctx.timeoutMs);
  if (token.status !== 'pass') return [token];
  return [
    token,
    await checkBot(client),
    await checkScopes(client),
    await checkAlertChat(ctx, client),
    await checkEventMode(ctx, app),
  ];
}

/**
 * The scopes the bot cannot work without, each satisfied by any one of its names. Without the DM scope
 * Feishu never pushes a direct message to the bot: every private command goes unanswered.
 */
const REQUIRED_SCOPES: ReadonlyArray<{ names: readonly string[]; why: Bilingual }> = [
  {
    names: ['im:message.p2p_msg:readonly'],
    why: bi('收不到私聊消息（单聊）', 'direct messages never reach the bot'),
  },
  {
    names: ['im:message.group_at_msg:readonly', 'im:message.group_at_msg'],
    why: bi('收不到群里 @机器人 的消息', 'group messages that @mention the bot never arrive'),
  },
  {
    names: ['im:message:send_as_bot', 'im:message'],
    why: bi('无法以机器人身份发消息', 'the bot cannot send messages'),
  },
  { names: ['im:chat', 'im:chat:readonly'], why: bi('无法读取告警群', 'the alert chat cannot be read') },
];

/** The granted scopes, read from 查询租户授权状态 (GET /open-apis/application/v6/scopes, no scope needed). */
async function checkScopes(client: FeishuClient): Promise<DoctorCheck> {
  const title = bi('飞书应用权限', 'Feishu app scopes');
  const all = REQUIRED_SCOPES.map((r) => r.names[0]).join(', ');
  const enable = (names: string) =>
    bi(
      `${CONSOLE.zh} → 权限管理：开通 ${names}，然后创建版本并发布`,
      `${CONSOLE.en} → Permissions & Scopes: enable ${names}, then publish a version`,
    );
  let granted: Set<string>;
  try {
    const res = await client.sdk.application.v6.scope.list();
    if (res.code !== 0) throw new Error(`${res.code} ${res.msg ?? ''}`);
    granted = new Set((res.data?.scopes ?? []).filter((s) => s.grant_status === 1).map((s) => s.scope_name));
  } catch (err) {
    const reason =
      err instanceof Error && !('response' in err) ? err.message : classifyFeishuError(err).reason;
    return check(
      'feishu.scopes',
      'warn',
      title,
      bi(
        `无法读取已授予的权限（${reason}）。机器人需要：${all}；缺少 im:message.p2p_msg:readonly 时飞书不会推送私聊消息`,
        `cannot read the granted scopes (${reason}). The bot needs: ${all}; without im:message.p2p_msg:readonly Feishu never pushes direct messages`,
      ),
      enable(all),
    );
  }
  const missing = REQUIRED_SCOPES.filter((r) => !r.names.some((n) => granted.has(n)));
  if (missing.length === 0)
    return check('feishu.scopes', 'pass', title, bi(`已开通：${all}`, `granted: ${all}`));
  const names = missing.map((r) => r.names[0]).join(', ');
  return check(
    'feishu.scopes',
    'fail',
    title,
    bi(
      `缺少 ${names}：${missing.map((r) => r.why.zh).join('；')}`,
      `missing ${names}: ${missing.map((r) => r.why.en).join('; ')}`,
    ),
    enable(names),
  );
}

async function checkToken(
  app: { appId: string; appSecret: string; baseUrl: string },
  timeoutMs: number,
): Promise<DoctorCheck> {
  const title = bi('飞书应用凭据', 'Feishu app credentials');
  // Asked directly, not through the SDK's token manager, which hides Feishu's code in its own message.
  const res = await lark.defaultHttpInstance
    .request({
      method: 'post',
      url: `${app.baseUrl.replace(/\/+$/, '')}/open-apis/auth/v3/tenant_access_token/internal`,
      data: { app_id: app.appId, app_secret: app.appSecret },
      timeout: timeoutMs,
    })
    .then(
      (r) => {
        const body = r as unknown as { code?: unknown; msg?: unknown };
        return body.code === 0 ? undefined : errorFromBody(body, 200);
      },
      (err: unknown) => classifyFeishuError(err),
    );
  if (!res)
    return check(
      'feishu.token',
      'pass',
      title,
      bi(`已取得 tenant_access_token（${app.appId}）`, `tenant_access_token obtained (${app.appId})`),
    );
  const credentials = bi(`${CONSOLE.zh} → 凭证与基础信息`, `${CONSOLE.en} → Credentials & Basic Info`);
  if (res.feishuCode === 10014) {
    return check(
      'feishu.token',
      'fail',
      title,
      bi(
        `App Secret 错误（${app.appId}）：飞书返回 10014 app secret invalid`,
        `wrong App Secret for ${app.appId}: Feishu answered 10014 app secret invalid`,
      ),
      bi(
        `从${credentials.zh}复制 App Secret 到 FEISHU_APP_SECRET`,
        `copy the App Secret from ${credentials.en} into FEISHU_APP_SECRET`,
      ),
    );
  }
  if (res.feishuCode === 10003) {
    return check(
      'feishu.token',
      'fail',
      title,
      bi(`飞书不认识 App ID ${app.appId}（10003）`, `Feishu does not know App ID ${app.appId} (10003)`),
      bi(
        `从${credentials.zh}复制 App ID 到 FEISHU_APP_ID`,
        `copy the App ID from ${credentials.en} into FEISHU_APP_ID`,
      ),
    );
  }
  if (res.feishuCode === undefined) {
    return check(
      'feishu.token',
      'fail',
      title,
      bi(`无法连接 ${app.baseUrl}：${res.reason}`, `cannot reach ${app.baseUrl}: ${res.reason}`),
      bi('检查 FEISHU_BASE_URL 和出站 HTTPS', 'check FEISHU_BASE_URL and outbound HTTPS'),
    );
  }
  return check('feishu.token', 'fail', title, bi(`飞书拒绝：${res.reason}`, `Feishu refused: ${res.reason}`));
}

async function checkBot(client: FeishuClient): Promise<DoctorCheck> {
  const title = bi('飞书机器人', 'Feishu bot');
  const enable = bi(
    `${CONSOLE.zh} → 添加应用能力 → 机器人，并发布版本`,
    `${CONSOLE.en} → Add features → Bot, then publish a version`,
  );
  try {
    const res = (await client.sdk.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as {
      code?: number;
      msg?: string;
      bot?: { activate_status?: number; app_name?: string };
    };
    if (res.code !== 0 || !res.bot) {
      return check(
        'feishu.bot',
        'fail',
        title,
        bi(
          `机器人能力未启用：${res.code} ${res.msg ?? ''}`,
          `bot feature not enabled: ${res.code} ${res.msg ?? ''}`,
        ),
        enable,
      );
    }
    if (res.bot.activate_status !== 2) {
      return check(
        'feishu.bot',
        'fail',
        title,
        bi('机器人未激活（应用未发布？）', 'bot not activated (app not published?)'),
        enable,
      );
    }
    const name = res.bot.app_name ?? '';
    return check('feishu.bot', 'pass', title, bi(`已启用：${name}`, `enabled: ${name}`));
  } catch (err) {
    const e = classifyFeishuError(err);
    return check(
      'feishu.bot',
      'fail',
      title,
      bi(`无法读取机器人信息：${e.reason}`, `cannot read the bot: ${e.reason}`),
      enable,
    );
  }
}

async function checkAlertChat(ctx: DoctorContext, client: FeishuClient): Promise<DoctorCheck> {
  const title = bi('告警群', 'alert chat');
  if (!ctx.dbReady)
    return check(
      'feishu.alertChat',
      'skip',
      title,
      bi('需要数据库（见上）', 'needs the database (see above)'),
    );
  const { alertChatId } = await getSettings(ctx.deps);
  if (!alertChatId) {
    return check(
      'feishu.alertChat',
      'warn',
      title,
      bi('尚未设置：告警和审批卡片只发给个人', 'not set yet: alerts and approval cards go to people only'),
      bi(
        '把机器人拉进群，在群里 @机器人 发送「设置」并选择告警群',
        'add the bot to the group, @mention it with "settings" and pick the alert chat',
      ),
    );
  }
  try {
    const res = (await client.sdk.request({
      method: 'GET',
      url: `/open-apis/im/v1/chats/${encodeURIComponent(alertChatId)}`,
    })) as {
      code?: number;
      data?: { name?: string };
    };
    const name = res.data?.name ?? alertChatId;
    return check('feishu.alertChat', 'pass', title, bi(`机器人在群「${name}」中`, `the bot is in "${name}"`));
  } catch (err) {
    return alertChatFailure(title, alertChatId, classifyFeishuError(err));
  }
}

function alertChatFailure(title: Bilingual, chatId: string, e: FeishuApiError): DoctorCheck {
  if (e.feishuCode === 230002) {
    return check(
      'feishu.alertChat',
      'fail',
      title,
      bi(`机器人不在告警群 ${chatId} 中`, `the bot is not in the alert chat ${chatId}`),
      bi('群设置 → 群机器人 → 添加机器人，选择本应用', 'group settings → Bots → Add bot, pick this app'),
    );
  }
  if (e.feishuCode === 99991672 || e.feishuCode === 230027) {
    return check(
      'feishu.alertChat',
      'fail',
      title,
      bi(`缺少权限：${e.reason}`, `missing permission: ${e.reason}`),
      bi(
        `${CONSOLE.zh} → 权限管理：开通 im:chat 等权限并发布版本`,
        `${CONSOLE.en} → Permissions: enable im:chat (and the others in the README), then publish`,
      ),
    );
  }
  return check(
    'feishu.alertChat',
    'fail',
    title,
    bi(`无法读取告警群 ${chatId}：${e.reason}`, `cannot read the alert chat ${chatId}: ${e.reason}`),
  );
}

async function checkEventMode(
  ctx: DoctorContext,
  app: { appId: string; appSecret: string; baseUrl: string },
): Promise<DoctorCheck> {
  const f = ctx.config.feishu;
  const title = bi(`事件接收（${f.eventMode}）`, `event delivery (${f.eventMode})`);
  if (f.eventMode === 'http') {
    if (!f.encryptKey && !f.verificationToken) {
      return check(
        'feishu.events',
        ctx.config.env === 'production' ? 'fail' : 'warn',
        title,
        bi(
          '未设置 FEISHU_VERIFICATION_TOKEN / FEISHU_ENCRYPT_KEY：无法验证事件来源',
          'neither FEISHU_VERIFICATION_TOKEN nor FEISHU_ENCRYPT_KEY is set: events cannot be verified',
        ),
        bi(
          `从${CONSOLE.zh} → 事件与回调 → 加密策略复制`,
          `copy them from ${CONSOLE.en} → Events & Callbacks → Encryption strategy`,
        ),
      );
    }
    const enc = f.encryptKey ? bi('加密', 'encrypted') : bi('未加密', 'not encrypted');
    return check(
      'feishu.events',
      'pass',
      title,
      bi(
        `HTTP 回调（${enc.zh}）：请求地址须为 https://<你的域名>/feishu/events`,
        `HTTP callback (${enc.en}): the request URL must be https://<your host>/feishu/events`,
      ),
    );
  }
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
  try {
    // What the SDK's WSClient asks first: the connection URL for this app.
    const res = (await lark.defaultHttpInstance.request({
      method: 'post',
      url: `${app.baseUrl.replace(/\/+$/, '')}/callback/ws/endpoint`,
      data: { AppID: app.appId, AppSecret: app.appSecret },
      headers: { locale: 'zh' },
      timeout: ctx.timeoutMs,
    })) as { code?: number; msg?: string };
    if (res.code === 0)
      return check('feishu.events', 'pass', title, bi('长连接可建立', 'the long connection is accepted'));
    return check(
      'feishu.events',
      'fail',
      title,
      bi(
        `长连接被拒绝：${res.code} ${res.msg ?? ''}`,
        `long connection refused: ${res.code} ${res.msg ?? ''}`,
      ),
      longConnection,
    );
  } catch (err) {
    const e = classifyFeishuError(err);
    return check(
      'feishu.events',
      'fail',
      title,
      bi(`长连接不可用：${e.reason}`, `long connection unavailable: ${e.reason}`),
      longConnection,
    );
  }
}
