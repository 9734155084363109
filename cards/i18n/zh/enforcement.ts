/** Chinese: the Ark enforcement ladder (throttle, stop, restore) and its enforceability report. */
export const enforcement = {
  'alertType.ark_throttled': '方舟限流',
  'alertType.ark_stopped': '方舟已停止',
  'alertType.ark_restored': '方舟已恢复',
  'alertType.ark_repaired': '方舟已纠正',

  'ark.throttled.title': '{name} 额度将尽，方舟接入点已限流',
  'ark.throttled.body':
    '{name} 已用 **{pct}** 额度。以下自定义推理接入点的限流已降至 {rpm} 次/分钟、{tpm} tokens/分钟（原值已记录，充值后恢复）：',
  'ark.stopped.title': '{name} 额度用完，方舟消费已停止',
  'ark.stopped.body': '{name} 额度已用完。AirGate 在其监控的项目中：',
  'ark.repaired.title': '{name} 的方舟停用被手动撤销，已重新停止',
  'ark.repaired.body': '{name} 仍在停用中，以下改动被手动撤销后已由 AirGate 重新执行：',
  'ark.restored.title': '{name} 已充值，方舟消费已恢复',
  'ark.restored.body': '{name} 已回到额度以内。AirGate 按相反顺序恢复了它所做的改动：',
  'ark.failed.title': '{name} 的方舟停用未能全部完成',
  'ark.failed.body': '以下操作失败，下个检查周期会重试。在此之前它们仍可能产生消费：',
  'ark.lever.throttle': '限流接入点 {target}（项目 {project}）',
  'ark.lever.stop': '停止接入点 {target}（项目 {project}）',
  'ark.lever.deny': '在项目 {project} 附加拒绝策略（禁止启动接入点、修改限流、获取或创建 API Key）',
  'ark.lever.regen': '重新生成项目 {project} 的 API Key #{target}',
  'ark.lever.restore.throttle': '接入点 {target} 的限流已恢复原值（项目 {project}）',
  'ark.lever.restore.stop': '接入点 {target} 已重新启动（项目 {project}）',
  'ark.lever.restore.deny': '项目 {project} 的拒绝策略已移除',
  'ark.lever.restore.regen':
    '项目 {project} 的 API Key #{target} 已重新生成：请到方舟控制台查看新密钥（AirGate 不保存它）',
  'ark.regen.note':
    '被重新生成的 API Key 旧密钥已失效；恢复后请到方舟控制台获取新密钥，AirGate 从不读取或保存它。',
  'ark.none': '没有需要停止的自定义接入点。',

  'ark.report.title': '仍可能产生消费（AirGate 无法停止）',
  'ark.report.preset': '项目 {project}：预置接入点 {ids}（按 Model ID 调用，无法停止）',
  'ark.report.allKeys': '项目 {project}：权限为“全部资源”的 API Key {names}（可调用预置接入点）',
  'ark.report.unknownKeys': '项目 {project}：权限未知的 API Key {names}（按可调用预置接入点处理）',
  'ark.report.error': '项目 {project}：无法读取方舟资源（{reason}）',
  'ark.report.tempKeys':
    '此前获取的临时 API Key 在预置接入点上最长有效至 {until}（无法列出或吊销；禁用用户后是否失效未经验证）',
  'ark.report.global': '账号级策略 {names}：它在监控项目之外产生的消费不计入额度',
  'ark.report.nothing': '未发现无法停止的消费途径。',
} as const;
