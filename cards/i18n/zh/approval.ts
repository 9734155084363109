/** Chinese: Feishu's approval centre (三方审批) item of a quota request, and the approver route line. */
export const approval = {
  'approvalCenter.definitionName': 'AirGate 额度申请',
  'approvalCenter.definitionDescription': '火山引擎子账号的额度申请，由 AirGate 发起',
  'approvalCenter.title': '额度申请 · {sub} · {amount}',
  'approvalCenter.field.sub': '子账号',
  'approvalCenter.field.amount': '申请金额',
  'approvalCenter.field.reason': '申请理由',
  'approvalCenter.field.requester': '申请人',
  'approvalCenter.field.expires': '截止时间',
  'approvalCenter.field.route': '审批路线',
  'approvalCenter.field.result': '结果',
  'approvalCenter.field.note':
    '在审批中心同意即批准申请的全部金额；如需批准更少，请在飞书中的审批卡片上修改金额',
  'approvalCenter.result.approved': '{by} 已批准 {amount}',
  'approvalCenter.result.rejected': '{by} 已拒绝',
  'approvalCenter.result.expired': '已过期，未批准',
  'approvalCenter.result.cancelled': '{by} 已撤回',
  'approvalCenter.answer.notAllowed': '你不是这笔申请的审批人',
  'approvalCenter.answer.selfApprove': '不能审批自己的申请',
  'approvalCenter.answer.alreadyDecided': '这笔申请已处理',
} as const;
