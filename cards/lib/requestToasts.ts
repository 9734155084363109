import { catalogs } from '../i18n/index.js';
import type { Toast } from './toasts.js';
import type { Locale } from './types.js';

function toast(
  type: Toast['type'],
  key: 'request.rejectNeedsReason' | 'request.withdrawn',
  locale: Locale,
): Toast {
  const zh = catalogs.zh[key];
  const en = catalogs.en[key];
  return { type, content: locale === 'zh' ? zh : en, i18n: { zh_cn: zh, en_us: en } };
}

/** Reject clicked with an empty reason: nothing happened, write the reason first. */
export const rejectNeedsReasonToast = (locale: Locale): Toast =>
  toast('warning', 'request.rejectNeedsReason', locale);

/** The requester's withdrawal went through. */
export const withdrawnToast = (locale: Locale): Toast => toast('success', 'request.withdrawn', locale);
