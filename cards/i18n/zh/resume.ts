/** Chinese: resuming a paused project — whether the paused period's spending counts. */
export const resume = {
  'resume.title': '恢复统计前：暂停期间的消费计入额度吗？',
  'resume.body': '子账号 **{name}** 的项目 **{project}** 暂停统计期间有消费。恢复前请选择：',
  'resume.bodyAll': '子账号 **{name}** 有 {count} 个项目暂停统计期间有消费。一次选择，适用于全部：',
  'resume.line': '- **{project}**：{pausedAt} 暂停，现在（{resumeAt}）恢复；{from} 至 {to} 的消费 {spending}',
  'resume.spendingUnknown': '未知（暂停后还没有完整读到账单）',
  'resume.rule':
    '规则（上海时间）：暂停当天和恢复当天的消费照常计入（账单按天结算，无法按小时拆分）；选「不计入」时，两者之间的整天不计入额度。这个选择不改动额度流水，会记入审计日志。',
  'resume.count': '计入额度',
  'resume.skip': '不计入',
  'resume.countAll': '全部计入额度',
  'resume.skipAll': '全部不计入',
  'resume.hint': '也可以输入：项目 切换 {name} {project} 开 计入 / 不计入',
  'resume.hintAll': '也可以输入：项目 全部切换 {name} 开 计入 / 不计入',
  'resume.skipped': '{project}：{from} 至 {to} 的消费不计入额度',
  'resume.askToast': '请先选择暂停期间的消费是否计入额度',
  'audit.kind.project.paused_spending': '恢复时决定暂停期间的消费是否计入',
  'resume.soFar': '{spending}（截至目前；账单最多晚 2 天）',
  'resume.counted': '{project}：暂停期间的消费计入额度',
} as const;
