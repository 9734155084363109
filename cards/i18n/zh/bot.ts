/** Chinese: the bot's few plain-text answers and its toasts (a toast is not a card, but its words live here). */
export const bot = {
  'bot.unknownCommand': '未知命令「{name}」。',
  'bot.emptyCommand': '请在 @ 机器人后输入命令。',
  'bot.commandFailed': '处理失败，请稍后重试（编号 {ref}）。',
  'bot.unknownAction': '这个按钮已失效或无法识别。',
  'bot.actionFailed': '操作失败，请稍后重试（编号 {ref}）。',
  'bot.processing': '已收到，正在处理…',
  'bot.unsupportedMessage': '我只读得懂文字（含富文本）消息。请直接输入命令，例如「帮助」。',
  'bot.actionInvalid': '这个按钮已失效或数据不对，什么都没有改变。',
  'bot.actionForbidden': '没有权限：需要 {roles} 角色。',
  'bot.actionUpstream': '火山引擎暂时不可用，请稍后重试（编号 {ref}）。',
  'bot.rolesOr': '或',
} as const;
