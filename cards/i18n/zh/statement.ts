/** 中文：月结单与加急提醒。 */
export const statement = {
  'statement.title': '{period} 月结单 · {account}',
  'statement.body':
    '{period} 的账单已出账。合计消费 **{total}**（{rows} 条分账账单行），各子账号明细如下；完整明细见 CSV、REST 接口{base}。',
  'statement.toBase': '与多维表格',
  'statement.col.sub': '子账号',
  'statement.col.start': '月初额度',
  'statement.col.alloc': '本月分配',
  'statement.col.spent': '本月消费',
  'statement.col.remaining': '月末剩余',
  'statement.disables': '本月停用 {count} 次',
  'statement.more': '另有 {count} 个子账号',
  'statement.unattributed': '未归属任何子账号的消费：{amount}',
  'statement.none': '本月没有子账号。',
  'statement.csv': '导出：`airgate statement {period}`',
  'urgent.failed.title': '加急提醒未送达',
  'urgent.failed.body': '卡片已送达，但加急（{method}）失败：{reason}。请手动提醒 {who}。',
} as const;
