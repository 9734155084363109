import { enforceabilityView } from './enforcement.js';
import { storedErrorText } from '../../../cards/lib/errorText.js';
import { thresholdAlertCard } from '../../../cards/thresholdAlert.js';
import { earlyWarningCard } from '../../../cards/earlyWarning.js';
import { subAccountDisabledCard } from '../../../cards/subAccountDisabled.js';
import { subAccountReEnabledCard } from '../../../cards/subAccountReEnabled.js';
import { syncErrorCard } from '../../../cards/syncError.js';
import { enforcementFailedCard } from '../../../cards/enforcementFailed.js';
import type { Freshness, QuotaFigures } from '../../../cards/lib/parts.js';
import type { NoticeFreshness, NoticeLayers, NoticeQuota } from '../../services/watch/notices.js';
import type { Renderer } from './notifier.js';

/** A stored percent of null was an infinite one (spending without quota): the card shows "∞". */
const figures = (q: NoticeQuota): QuotaFigures => ({ ...q, percent: q.percent ?? Infinity });

const layers = (l: NoticeLayers | null | undefined) =>
  l
    ? {
        ...l,
        estimatedAsOf: l.estimatedAsOf ? new Date(l.estimatedAsOf) : null,
        billedAsOf: l.billedAsOf ? new Date(l.billedAsOf) : null,
      }
    : null;

const freshness = (f: NoticeFreshness): Freshness => ({
  newestBillRowAt: f.newestBillRowAt ? new Date(f.newestBillRowAt) : null,
  worstCaseOverspend: f.worstCaseOverspend,
});

type WatchKind =
  | 'watch.threshold'
  | 'watch.earlyWarning'
  | 'watch.disabled'
  | 'watch.reEnabled'
  | 'watch.syncError'
  | 'watch.enforcementFailed';

/** The spending watch's cards, from their stored notices. */
export const watchRenderers: { [K in WatchKind]: Renderer<K> } = {
  'watch.threshold': (v, locale) =>
    thresholdAlertCard(
      {
        ...v,
        quota: figures(v.quota),
        freshness: freshness(v.freshness),
        now: new Date(v.now),
        layers: layers(v.layers),
      },
      locale,
    ),
  'watch.earlyWarning': (v, locale) =>
    earlyWarningCard(
      {
        ...v,
        quota: figures(v.quota),
        freshness: freshness(v.freshness),
        now: new Date(v.now),
        layers: layers(v.layers),
      },
      locale,
    ),
  'watch.disabled': (v, locale) =>
    subAccountDisabledCard(
      {
        sub: v.sub,
        quota: figures(v.quota),
        projects: v.projects,
        accessKeys: v.accessKeys,
        login: v.login,
        at: new Date(v.at),
        enforceability: enforceabilityView(v.enforceability),
        burnPerHour: v.burnPerHour,
        layers: layers(v.layers),
        freshness: freshness(v.freshness),
        now: new Date(v.now),
      },
      locale,
    ),
  'watch.reEnabled': (v, locale) =>
    subAccountReEnabledCard({ ...v, quota: figures(v.quota), at: new Date(v.at) }, locale),
  'watch.syncError': (v, locale) =>
    syncErrorCard(
      {
        ...v,
        reason: storedErrorText(v.reason, locale),
        at: new Date(v.at),
        lastCompleteAt: v.lastCompleteAt ? new Date(v.lastCompleteAt) : null,
      },
      locale,
    ),
  'watch.enforcementFailed': (v, locale) =>
    enforcementFailedCard({ ...v, reason: storedErrorText(v.reason, locale), at: new Date(v.at) }, locale),
};
