/** Chinese: a card click answered at once, its work following (the approval card's Approve). */
export const ack = {
  'ack.approving': '正在批准 {amount}…结果稍后显示在卡片上。',
  'ack.deciding': '{who} 正在批准这项申请（{amount}），结果稍后显示在卡片上。',
  'ack.decidingSelf': '你的批准（{amount}）正在处理，结果稍后显示在卡片上。',
  'ack.refused': '你对 {sub} {amount} 的批准没有生效：{reason} 申请仍待审批。',
  'ack.retrying':
    '批准 {sub} {amount} 时出错（事件 {ref}），正在自动重试。如果几分钟后卡片仍未显示结果，请再点一次「批准」。',
  'ack.gaveUp':
    '你对 {sub} {amount} 的批准重试多次仍未完成（事件 {ref}），已停止重试，申请仍待审批。请再点一次「批准」；若仍失败，请联系管理员。',
} as const;
