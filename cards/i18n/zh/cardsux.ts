/** Chinese: card buttons for work that had only a chat command (bill bars, allocate, remove / toggle all). */
export const cardsux = {
  'billing.quotaUse': '额度使用（当前，全部已分配额度）',
  'billing.quotaLine': '{name}  已用 {spent} / {quota}',
  'action.allocate': '划拨额度',
  'allocate.title': '划拨额度 · {name}',
  'allocate.amount': '划拨金额（元）',
  'allocate.amountHint': '例如 500 或 1万',
  'allocate.note': '备注',
  'allocate.noteHint': '写进额度流水，例如“6 月预算”',
  'allocate.submit': '确认划拨',
  'allocate.hint': '立即生效，记一笔额度流水；与 `划拨 {name} 金额 备注` 相同。',
  'project.remove': '移除',
  'project.removeConfirm': '确定不再监控 {project}（{name}）？AirGate 在该项目内附加的权限策略会被解除。',
  'project.ownedBy': '**{name} 的项目**',
  'project.pauseAll': '全部暂停计数',
  'project.resumeAll': '全部恢复计数',
  'project.pauseAllConfirm': '暂停后 {name} 所有项目的消费都不计入额度，也不会因超额被停用。确定？',
} as const;
