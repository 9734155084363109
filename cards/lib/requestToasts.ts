import { catalogs, interpolate } from '../i18n/index.js';
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

type StepFacts = { done: number; total: number; who: string };

function stepToast(
  type: Toast['type'],
  key: 'route.toast.stepApproved' | 'route.toast.stepWaiting',
  f: StepFacts,
  locale: Locale,
): Toast {
  const zh = interpolate(catalogs.zh[key], f);
  const en = interpolate(catalogs.en[key], f);
  return { type, content: locale === 'zh' ? zh : en, i18n: { zh_cn: zh, en_us: en } };
}

/** A step of a two-step route approved: "已同意（第 1/2 步），等待 李四". */
export const stepApprovedToast = (f: StepFacts, locale: Locale): Toast =>
  stepToast('success', 'route.toast.stepApproved', f, locale);

/** A click on a request whose earlier step this person already approved: it waits for the next one. */
export const stepWaitingToast = (f: StepFacts, locale: Locale): Toast =>
  stepToast('info', 'route.toast.stepWaiting', f, locale);
