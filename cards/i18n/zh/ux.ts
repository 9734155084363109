/** Chinese: the first-ten-minutes texts (quota picker, confirmations, audit, request withdrawal). */
export const ux = {
  'quotaPick.title': '选择子账号',
  'quotaPick.body': '你可以查看 {count} 个子账号的额度，请选择一个：',
  'enableAsk.title': '确认启用 {name}？',
  'enableAsk.body': '该子账号已用 {percent}%，启用后下一次检查会再次停用；先分配额度？',
  'enableAsk.hint': '分配额度：`划拨 {name} 金额 备注`；仍要启用：`用户 启用 {name} 强制`',
  'enableAsk.force': '仍然启用',
  'confirm.cancel': '取消',
  'confirm.cancelled.title': '已取消',
  'confirm.cancelled.body': '已取消，未做任何更改。',
  'quotaZero.warn':
    '额度为 0，首笔消费即会被停用；请先分配额度：`划拨 {name} 金额 备注`（管理员），或 `申请 {name} 金额 原因`',
  'cmd.withdraw.usage': "撤回申请 [编号]",
  'cmd.withdraw.summary': "撤回自己待审批的额度申请",
  'request.withdraw': "撤回申请（申请人）",
  'request.noteOrReason': "备注 / 拒绝理由（拒绝时必填）",
  'request.rejectNeedsReason': "请先在「备注 / 拒绝理由」里写明拒绝的理由，再点拒绝",
  'request.withdrawn': "已撤回",
} as const;
