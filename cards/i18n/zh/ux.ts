/** Chinese: the first-ten-minutes texts (quota picker, confirmations, audit, request withdrawal). */
export const ux = {
  'quotaPick.title': '选择子账号',
  'quotaPick.body': '你可以查看 {count} 个子账号的额度，请选择一个：',
  'quotaPick.none': '没有可查看的子账号。用法：额度 名称',
} as const;
