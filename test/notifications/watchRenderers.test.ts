import { describe, expect, it } from 'vitest';
import type { ProjectDto } from '../../src/db/repos/projects.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { money, ZERO, type Money } from '../../src/domain/money.js';
import { quotaStatus, type QuotaStatus } from '../../src/domain/quota.js';
import { renderers } from '../../src/feishu/notifications/renderers.js';
import {
  disabledView,
  earlyView,
  failedView,
  hoursLeft,
  quotaFigures,
  reenabledView,
  thresholdView,
  worstCaseOverspend,
  type CardContext,
  type SubReading,
} from '../../src/services/watch/alertViews.js';
import type { NotificationKind, NotificationViews } from '../../src/services/notifications/types.js';
import { thresholdAlertCard } from '../../cards/thresholdAlert.js';
import { earlyWarningCard } from '../../cards/earlyWarning.js';
import { subAccountDisabledCard } from '../../cards/subAccountDisabled.js';
import { subAccountReEnabledCard } from '../../cards/subAccountReEnabled.js';
import { syncErrorCard } from '../../cards/syncError.js';
import { enforcementFailedCard } from '../../cards/enforcementFailed.js';
import type { CardJson, Locale } from '../../cards/lib/types.js';

const NOW = new Date('2026-05-10T04:10:00Z');
const AT = new Date('2026-05-10T04:07:31.123Z');

/** A stored notice rendered at the edge: the view goes through JSON exactly as the notification row keeps it. */
function fromStored<K extends NotificationKind>(
  kind: K,
  view: NotificationViews[K],
  locale: Locale,
): CardJson {
  const stored = JSON.parse(JSON.stringify(view)) as NotificationViews[K];
  return (renderers[kind] as (v: NotificationViews[K], l: Locale) => CardJson)(stored, locale);
}

function reading(opts: { quota: string; spent: string[]; burn: string | null }): SubReading {
  const projects = opts.spent.map(
    (s, i) => ({ projectName: `proj-${i}`, monitored: i !== 1, spent: money(s) }) as ProjectDto,
  );
  const spent = projects.filter((p) => p.monitored).reduce((a, p) => a.plus(p.spent), ZERO);
  return {
    sub: {
      id: 'sub-1',
      userName: 'alice',
      displayName: 'Alice *Dev*',
      ownerOpenId: 'ou_owner',
    } as SubAccountDto,
    projects,
    quota: quotaStatus(money(opts.quota), spent),
    thresholds: [50, 80, 100],
    burnPerHour: opts.burn ? money(opts.burn) : null,
    newestBillRowAt: new Date('2026-05-10T02:00:00Z'),
  };
}

// The cards as the watch built them from live values before notices existed (Money, Date, Infinity).
const ctx: CardContext = { locale: 'zh', now: NOW, lagHours: 2, intervalMinutes: 7 };
const live = {
  figures: (q: QuotaStatus) => ({ ...q, percent: q.percent.isFinite() ? q.percent : Infinity }),
  projects: (r: SubReading) =>
    r.projects
      .filter((p) => p.monitored)
      .sort((a, b) => b.spent.comparedTo(a.spent))
      .map((p) => ({ name: p.projectName, spent: p.spent })),
  freshness: (r: SubReading) => ({
    newestBillRowAt: r.newestBillRowAt,
    worstCaseOverspend: worstCaseOverspend(r.burnPerHour, ctx),
  }),
  sub: (r: SubReading) => ({ id: r.sub.id, name: `${r.sub.userName} (${r.sub.displayName})` }),
};

const readings = {
  'a long decimal percent and a fractional burn': reading({
    quota: '300',
    spent: ['123.456789', '999', '100.000001'],
    burn: '3.3333333',
  }),
  'spending without quota (an infinite percent) and no burn': reading({
    quota: '0',
    spent: ['5.5'],
    burn: null,
  }),
};

describe.each(['zh', 'en'] as const)(
  'watch notices render the cards the watch built before (%s)',
  (locale) => {
    const c = { ...ctx, locale };
    for (const [name, r] of Object.entries(readings)) {
      it(`threshold, early warning, disabled and re-enabled: ${name}`, () => {
        // An unknown burn stays unknown (issue 14): the card says "not enough data yet", never ¥0.00/h.
        const burn: Money | null = r.burnPerHour;
        const common = {
          sub: live.sub(r),
          quota: live.figures(r.quota),
          projects: live.projects(r),
          burnPerHour: burn,
          freshness: live.freshness(r),
          now: NOW,
        };
        expect(fromStored('watch.threshold', thresholdView(r, 80, c), locale)).toEqual(
          thresholdAlertCard(
            {
              ...common,
              sub: { ...common.sub, owner: 'ou_owner' },
              threshold: 80,
              exhaustsInHours: hoursLeft(r),
            },
            locale,
          ),
        );
        expect(fromStored('watch.earlyWarning', earlyView(r, 7.25, 12, c), locale)).toEqual(
          earlyWarningCard({ ...common, exhaustsInHours: 7.25, horizonHours: 12 }, locale),
        );
        const off = { keys: ['AKLT1', 'AKLT2'], login: true, at: AT };
        expect(fromStored('watch.disabled', disabledView(r, off, c), locale)).toEqual(
          subAccountDisabledCard({ ...common, accessKeys: off.keys, login: true, at: AT }, locale),
        );
        const on = { keys: ['AKLT1'], login: false, at: AT, allocatedBy: 'Bob' };
        expect(fromStored('watch.reEnabled', reenabledView(r, on), locale)).toEqual(
          subAccountReEnabledCard(
            {
              sub: common.sub,
              quota: common.quota,
              accessKeys: on.keys,
              login: false,
              at: AT,
              allocatedBy: 'Bob',
            },
            locale,
          ),
        );
      });
    }

    it('enforcement failed and sync error', () => {
      const r = readings['a long decimal percent and a fractional burn'];
      const failure = { action: 'enable' as const, attempts: 2, reason: 'ListAccessKeys: 500', at: AT };
      expect(fromStored('watch.enforcementFailed', failedView(r, failure), locale)).toEqual(
        enforcementFailedCard({ ...failure, sub: live.sub(r) }, locale),
      );
      const sync = { account: 'main', reason: 'page 3 of 7 failed', consecutive: 3, subAccounts: 12 };
      for (const lastCompleteAt of [null, new Date('2026-05-09T23:00:00Z')]) {
        expect(
          fromStored(
            'watch.syncError',
            { ...sync, at: AT.toISOString(), lastCompleteAt: lastCompleteAt?.toISOString() ?? null },
            locale,
          ),
        ).toEqual(syncErrorCard({ ...sync, at: AT, lastCompleteAt }, locale));
      }
    });

    it('keeps an infinite percent as null in the stored view, and shows it as ∞', () => {
      const r = readings['spending without quota (an infinite percent) and no burn'];
      expect(quotaFigures(r.quota).percent).toBeNull();
      expect(JSON.stringify(fromStored('watch.threshold', thresholdView(r, 100, c), locale))).toContain('∞');
    });
  },
);
