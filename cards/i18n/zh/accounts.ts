/** Chinese: main accounts (the list with their health, the picker when a command must name one). */
export const accounts = {
  'account.listTitle': '火山引擎主账号',
  'account.col.name': '名称',
  'account.col.key': 'AccessKeyId',
  'account.col.region': '地域',
  'account.col.health': '状态',
  'account.source.env': '来自环境变量',
  'account.health.pass': '✅ 正常',
  'account.health.warn': '⚠️ {detail}',
  'account.health.fail': '❌ {detail}',
  'account.health.skip': '— {detail}',
  'account.listHint': '在命令后加「账号=名称」指定主账号，例如「用户 同步 账号={name}」。',
  'account.pickTitle': '选择主账号',
  'account.pickBody': '有多个主账号，「{input}」要在哪一个上执行？',
  'account.pickHint': '也可以直接输入：{input} 账号=名称',
} as const;
