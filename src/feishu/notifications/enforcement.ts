import { unattributedWeekCard } from '../../../cards/dashboard.js';
import { storedErrorText } from '../../../cards/lib/errorText.js';
import { money } from '../../domain/money.js';
import { arkEnforcementCard } from '../../../cards/arkEnforcement.js';
import type { Renderer } from './notifier.js';

/** The Ark ladder's card, from its stored notice. */
export const enforcementRenderers: {
  'ark.ladder': Renderer<'ark.ladder'>;
  'ark.unattributedWeek': Renderer<'ark.unattributedWeek'>;
} = {
  'ark.unattributedWeek': (v, locale) => unattributedWeekCard(v, locale),
  'ark.ladder': (v, locale) =>
    arkEnforcementCard(
      {
        ...v,
        failures: v.failures.map((f) => ({ ...f, reason: storedErrorText(f.reason, locale) })),
        percent: money(v.percent),
        report: v.report
          ? { ...v.report, temporaryKeysValidUntil: new Date(v.report.temporaryKeysValidUntil) }
          : null,
        at: new Date(v.at),
      },
      locale,
    ),
};
