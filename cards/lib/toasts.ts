import { catalogs, interpolate, type MessageKey, type Params } from '../i18n/index.js';
import { formatMoney, formatShanghai } from './format.js';
import type { Locale } from './types.js';
import type { QuotaRequestDecision } from '../quotaRequest.js';

/** A callback answer's toast, in the clicker's language, carrying both for Feishu's client-side choice. */
export type Toast = {
  type: 'info' | 'success' | 'error' | 'warning';
  content: string;
  i18n: { zh_cn: string; en_us: string };
};

function toast(type: Toast['type'], key: MessageKey, params: Params, locale: Locale): Toast {
  const zh = interpolate(catalogs.zh[key], params);
  const en = interpolate(catalogs.en[key], params);
  return { type, content: locale === 'zh' ? zh : en, i18n: { zh_cn: zh, en_us: en } };
}

/** The second click on a decided request: who decided, and when (RELIABILITY §4). */
export function alreadyDecidedToast(
  d: Exclude<QuotaRequestDecision, { state: 'pending' }>,
  locale: Locale,
): Toast {
  const at = formatShanghai(d.at, { zone: true });
  const by = 'by' in d ? d.by : '';
  return toast('info', `toast.already.${d.state}`, { by, at }, locale);
}

export function approvedToast(amount: string, locale: Locale): Toast {
  return toast('success', 'toast.approved', { amount: formatMoney(amount) }, locale);
}

export function rejectedToast(locale: Locale): Toast {
  return toast('success', 'toast.rejected', {}, locale);
}

/** A click by someone whose role does not allow it: nothing changed. */
export function notAllowedToast(locale: Locale): Toast {
  return toast('error', 'toast.notAllowed', {}, locale);
}

export function ownRequestToast(locale: Locale): Toast {
  return toast('error', 'toast.ownRequest', {}, locale);
}

/** A form value that does not parse (amount, thresholds…), with the parser's own words. */
export function invalidInputToast(problem: string, locale: Locale): Toast {
  return toast('error', 'toast.invalid', { problem }, locale);
}

/** The click was taken; the card or a message follows. */
export function workingToast(locale: Locale): Toast {
  return toast('info', 'toast.working', {}, locale);
}
