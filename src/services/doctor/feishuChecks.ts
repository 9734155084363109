import { getSettings } from '../settings/getSettings.js';
import type { FeishuProbe, ProbeFailure } from './feishuProbe.js';
import { checkEventMode, CONSOLE } from './eventsCheck.js';
import { bi, check, type Bilingual, type DoctorCheck, type DoctorContext } from './types.js';

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
  const probe = ctx.deps.feishuProbe(app, { timeoutMs: ctx.timeoutMs });
  const token = await checkToken(app, probe);
  if (token.status !== 'pass') return [token];
  return [
    token,
    await checkBot(probe),
    await checkScopes(probe),
    await checkAlertChat(ctx, probe),
    await checkEventMode(ctx, app, probe),
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
async function checkScopes(probe: FeishuProbe): Promise<DoctorCheck> {
  const title = bi('飞书应用权限', 'Feishu app scopes');
  const all = REQUIRED_SCOPES.map((r) => r.names[0]).join(', ');
  const enable = (names: string) =>
    bi(
      `${CONSOLE.zh} → 权限管理：开通 ${names}，然后创建版本并发布`,
      `${CONSOLE.en} → Permissions & Scopes: enable ${names}, then publish a version`,
    );
  const answer = await probe.grantedScopes();
  if (!answer.ok) {
    const { reason } = answer.failure;
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
  const granted = new Set(answer.value);
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

async function checkToken(app: { appId: string; baseUrl: string }, probe: FeishuProbe): Promise<DoctorCheck> {
  const title = bi('飞书应用凭据', 'Feishu app credentials');
  const answer = await probe.token();
  if (answer.ok)
    return check(
      'feishu.token',
      'pass',
      title,
      bi(`已取得 tenant_access_token（${app.appId}）`, `tenant_access_token obtained (${app.appId})`),
    );
  const res = answer.failure;
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

async function checkBot(probe: FeishuProbe): Promise<DoctorCheck> {
  const title = bi('飞书机器人', 'Feishu bot');
  const enable = bi(
    `${CONSOLE.zh} → 添加应用能力 → 机器人，并发布版本`,
    `${CONSOLE.en} → Add features → Bot, then publish a version`,
  );
  const answer = await probe.bot();
  if (!answer.ok) {
    return check(
      'feishu.bot',
      'fail',
      title,
      bi(`无法读取机器人信息：${answer.failure.reason}`, `cannot read the bot: ${answer.failure.reason}`),
      enable,
    );
  }
  const res = answer.value;
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
}

async function checkAlertChat(ctx: DoctorContext, probe: FeishuProbe): Promise<DoctorCheck> {
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
  const answer = await probe.chat(alertChatId);
  if (!answer.ok) return alertChatFailure(title, alertChatId, answer.failure);
  const name = answer.value.name ?? alertChatId;
  return check('feishu.alertChat', 'pass', title, bi(`机器人在群「${name}」中`, `the bot is in "${name}"`));
}

function alertChatFailure(title: Bilingual, chatId: string, e: ProbeFailure): DoctorCheck {
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
