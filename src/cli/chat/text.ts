import type { Locale } from './renderCard.js';

const noUrl = (error?: string) => error?.startsWith('no event url') === true;

/** What the terminal chat says, in Chinese (default) and English; both tables have the same keys. */
const zh = {
  intro: (me: string, chat: string) =>
    `你是 ${me}，在「${chat}」中。输入消息发送，输入数字按下按钮，/help 查看帮助，/quit 退出。`,
  help: [
    '输入文字：发消息（群聊中自动 @机器人，除非已写 @）',
    '输入数字：按下该编号的按钮（表单会逐项询问）',
    '/history 最近消息   /users 用户   /chats 会话   /quit 退出',
  ].join('\n'),
  p2p: '与机器人的单聊',
  prompt: (me: string, group?: string) => `${me}@${group ? `#${group}` : '私聊'}> `,
  pick: (n: string) => `没有选项「${n}」：输入编号、显示的名称或值`,
  bot: '机器人',
  you: '你',
  updated: '卡片已更新',
  recalled: '消息已撤回',
  toast: '提示',
  ephemeral: '仅你可见',
  notDelivered: (status: number, error?: string) =>
    `⚠ 机器人没有收到事件（HTTP ${status}${error ? `，${error}` : ''}）${noUrl(error) ? '' : '；模拟器会按飞书的间隔重试'}`,
  notForBot: '（群聊中没有 @机器人，机器人收不到这条消息）',
  noReply: '（机器人暂无回复）',
  noButton: (n: string) => `没有编号为 ${n} 的按钮`,
  noCard: '最近没有带按钮的卡片',
  disabled: '按钮不可用',
  opensUrl: (url: string) => `这个按钮打开链接：${url}`,
  callbackFailed: (code: number, msg: string) => `⚠ 卡片回调失败 ${code}：${msg}`,
  choose: (label: string, options: string) => `${label}（输入编号或名称：${options}）: `,
  field: (label: string, initial?: string) => `${label}${initial ? `（默认 ${initial}）` : ''}: `,
  unreachable: (url: string) => `无法连接飞书模拟器 ${url}（先运行 airgate feishu-sim）`,
  unknownUser: (u: string) => `模拟器中没有用户 ${u}`,
  unknownChat: (c: string) => `模拟器中没有会话 ${c}`,
  badForm: (v: string) => `--form 需要 名称=值，收到 ${v}`,
};

const en: typeof zh = {
  intro: (me, chat) =>
    `You are ${me} in "${chat}". Type to send, a number presses a button, /help for help, /quit to leave.`,
  help: [
    'text: send a message (in a group the bot is @mentioned unless you wrote an @)',
    'number: press the button with that number (forms ask for each field)',
    '/history recent messages   /users users   /chats chats   /quit leave',
  ].join('\n'),
  p2p: 'direct chat with the bot',
  prompt: (me, group) => `${me}@${group ? `#${group}` : 'DM'}> `,
  pick: (n) => `no option "${n}": type its number, the name shown or its value`,
  bot: 'bot',
  you: 'you',
  updated: 'card updated',
  recalled: 'message recalled',
  toast: 'toast',
  ephemeral: 'only you can see this',
  notDelivered: (status, error) =>
    `⚠ the bot did not take the event (HTTP ${status}${error ? `, ${error}` : ''})${noUrl(error) ? '' : "; the simulator retries on Feishu's schedule"}`,
  notForBot: '(no @mention of the bot in a group: the bot does not receive this message)',
  noReply: '(no reply from the bot yet)',
  noButton: (n) => `no button numbered ${n}`,
  noCard: 'no recent card with buttons',
  disabled: 'that button is disabled',
  opensUrl: (url) => `this button opens a link: ${url}`,
  callbackFailed: (code, msg) => `⚠ card callback failed ${code}: ${msg}`,
  choose: (label, options) => `${label} (type a number or a name: ${options}): `,
  field: (label, initial) => `${label}${initial ? ` (default ${initial})` : ''}: `,
  unreachable: (url) => `cannot reach the Feishu simulator at ${url} (start it with airgate feishu-sim)`,
  unknownUser: (u) => `no user ${u} in the simulator`,
  unknownChat: (c) => `no chat ${c} in the simulator`,
  badForm: (v) => `--form expects name=value, got ${v}`,
};

export type ChatText = typeof zh;

export function chatText(locale: Locale): ChatText {
  return locale === 'en' ? en : zh;
}
