import { translator } from './i18n/index.js';
import { card, fields, header, markdown, note, row } from './lib/builders.js';
import { formatCount, formatShanghai } from './lib/format.js';
import { button } from './lib/interactive.js';
import { joinNames } from './lib/parts.js';
import type { CardElement, CardJson, Locale } from './lib/types.js';
import { actionValue } from './lib/values.js';

/** The answer to `check`: a spending check ran now, another one is running, or no watcher exists yet. */
export type CheckResultView =
  | { state: 'noWatcher' }
  | { state: 'busy'; since?: Date | null }
  | {
      state: 'ran';
      at: Date;
      durationMs: number;
      accounts: number;
      subAccounts: number;
      alerts: number;
      disabled: readonly string[];
      enabled: readonly string[];
      /** Accounts whose billing data was incomplete: no disable was decided for them. */
      syncErrors: readonly string[];
      newestBillRowAt?: Date | null;
    };

export function checkResultCard(v: CheckResultView, locale: Locale): CardJson {
  const t = translator(locale);
  if (v.state === 'noWatcher') {
    return card({
      header: header(t('check.title'), 'grey'),
      elements: [markdown(t('check.noWatcher')), note(t('check.noWatcherHint'))],
    });
  }
  if (v.state === 'busy') {
    const since = v.since ? ` ${t('check.busySince', { at: formatShanghai(v.since, { zone: true }) })}` : '';
    return card({
      header: header(t('check.title'), 'blue'),
      elements: [markdown(`${t('check.busy')}${since}`)],
    });
  }
  const elements: CardElement[] = [
    fields([
      [t('check.accounts'), formatCount(v.accounts)],
      [t('check.subAccounts'), formatCount(v.subAccounts)],
      [t('check.alerts'), formatCount(v.alerts)],
      [t('check.duration'), t('check.seconds', { n: (v.durationMs / 1000).toFixed(1) })],
    ]),
  ];
  if (v.disabled.length) elements.push(markdown(t('check.disabled', { names: joinNames(t, v.disabled) })));
  if (v.enabled.length) elements.push(markdown(t('check.enabled', { names: joinNames(t, v.enabled) })));
  if (v.syncErrors.length)
    elements.push(
      markdown(`<font color='red'>${t('check.syncErrors', { names: joinNames(t, v.syncErrors) })}</font>`),
    );
  elements.push(
    note(
      [
        t('check.at', { at: formatShanghai(v.at, { zone: true }) }),
        v.newestBillRowAt
          ? t('check.newest', { at: formatShanghai(v.newestBillRowAt, { zone: true }) })
          : t('fresh.none'),
      ].join(' '),
    ),
  );
  elements.push(row([button(t('check.dashboard'), actionValue('dashboard.open', {}))]));
  return card({ header: header(t('check.title'), v.syncErrors.length ? 'orange' : 'green'), elements });
}
