import { translator } from './i18n/index.js';
import { card, fields, header, markdown, note } from './lib/builders.js';
import type { CardJson, Locale } from './lib/types.js';

export type UpstreamErrorView = {
  requestId: string;
  /** True when Volcengine throttled or timed out: trying again later will likely work. */
  retryable: boolean;
  /** Volcengine's own request id, if it answered at all. */
  upstreamRequestId?: string;
};

export function upstreamErrorCard(v: UpstreamErrorView, locale: Locale): CardJson {
  const t = translator(locale);
  const pairs: Array<[string, string]> = [[t('common.requestId'), v.requestId]];
  if (v.upstreamRequestId) pairs.push([t('upstream.volcRequestId'), v.upstreamRequestId]);
  return card({
    header: header(t('upstream.title'), 'red'),
    elements: [
      markdown(t('upstream.body')),
      markdown(v.retryable ? t('upstream.retry') : t('upstream.noRetry')),
      fields(pairs),
      note(t('upstream.nothingChanged')),
    ],
  });
}
