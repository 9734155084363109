import { errorText } from '../../../cards/i18n/errorText.js';
import type { Toast } from '../router.js';
import type { Locale } from '../texts.js';

/** Toasts of card actions (a toast is not a card, so its texts live here, zh and en). */
const zh = {
  invalid: '这个按钮已失效或数据不对，什么都没有改变。',
  forbidden: (roles: string) => `没有权限：需要 ${roles} 角色。`,
  failed: (ref: string) => `操作失败，请稍后重试（编号 ${ref}）。`,
  upstream: (ref: string) => `火山引擎暂时不可用，请稍后重试（编号 ${ref}）。`,
  role: { admin: '管理员', approver: '审批人', lead: '负责人', viewer: '查看者' } as Record<string, string>,
  or: '或',
};
const en: typeof zh = {
  invalid: 'This button is no longer valid or its data is wrong; nothing changed.',
  forbidden: (roles: string) => `Not allowed: needs the ${roles} role.`,
  failed: (ref: string) => `The action failed; please try again (ref ${ref}).`,
  upstream: (ref: string) => `Volcengine is unavailable; please try again later (ref ${ref}).`,
  role: { admin: 'admin', approver: 'approver', lead: 'lead', viewer: 'viewer' },
  or: ' or ',
};
export const actionTexts: Record<Locale, typeof zh> = { zh, en };

/** A toast in the user's language, carrying both languages for clients set to the other one. */
export function localToast(type: Toast['type'], locale: Locale, pick: (t: typeof zh) => string): Toast {
  return { type, content: pick(actionTexts[locale]), i18n: { zh_cn: pick(zh), en_us: pick(en) } };
}

/** A toast telling why an action was refused, in the reader's language and carrying both. */
export function bilingualToast(type: Toast['type'], locale: Locale, err: Error): Toast {
  const zhText = errorText(err, 'zh');
  const enText = errorText(err, 'en');
  return { type, content: locale === 'zh' ? zhText : enText, i18n: { zh_cn: zhText, en_us: enText } };
}
