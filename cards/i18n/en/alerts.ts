import type { alerts as zh } from '../zh/alerts.js';

/** English: alert history and the spending-watch alerts. Exactly the keys of the Chinese part. */
export const alerts: Record<keyof typeof zh, string> = {
  'alerts.title': 'Alerts',
  'alerts.titleFor': 'Alerts · {name}',
  'alerts.filter': 'Type: {type}',
  'alerts.all': 'All types',
  'alerts.pick': 'Filter by type',
  'alerts.pending': 'queued',
  'alerts.empty': 'No alert matches.',
  'alerts.col.at': 'Time',
  'alerts.col.type': 'Type',
  'alerts.col.level': 'Level',
  'alerts.col.sub': 'Sub-account',
  'alerts.col.sent': 'Delivered',

  'alertType.threshold': 'Threshold',
  'alertType.early_warning': 'Early warning',
  'alertType.disabled': 'Disabled',
  'alertType.re_enabled': 'Re-enabled',
  'alertType.sync_error': 'Billing sync error',
  'alertType.enforcement_failed': 'Disable/enable failed',

  'alertLevel.info': 'info',
  'alertLevel.warning': 'warning',
  'alertLevel.critical': 'critical',

  'alert.byProject': 'Spending per project',
  'alert.otherProjects': '{count} other projects',
  'alert.burn': 'Spending **{rate}/hour**; at that rate the quota runs out in **{eta}**.',
  'alert.exhaustedNow': 'now',
  'alert.threshold.title': '{name} has used {threshold}% of its quota',
  'alert.threshold.subtitle': '{percent} used',
  'alert.threshold.body':
    'Sub-account **{name}** has passed its {threshold}% threshold ({percent} now). At 100 % it is disabled automatically.',
  'alert.early.title': '{name} will run out of quota soon',
  'alert.early.subtitle': 'Runs out in {eta}',
  'alert.early.body':
    "At the current rate, **{name}**'s remaining quota runs out in {eta} (warning horizon: {horizon}).",
  'alert.disabled.title': '{name} used up its quota and was disabled',
  'alert.disabled.body': 'Sub-account **{name}** reached its quota; AirGate disabled it at {at}.',
  'alert.disabled.what': 'Turned off',
  'alert.disabled.restore':
    'Once an allocation brings it under 100 %, AirGate turns back on exactly what it turned off (and nothing else).',
  'alert.reEnabled.title': '{name} is enabled again',
  'alert.reEnabled.body': 'Sub-account **{name}** is back under 100 %; AirGate re-enabled it at {at}.',
  'alert.reEnabled.by': 'Quota added by **{by}**.',
  'alert.reEnabled.what': 'Turned back on',
  'alert.reEnabled.note': 'Only what AirGate turned off was restored; keys inactive before stay inactive.',
  'alert.sync.title': 'Billing data incomplete · {account}',
  'alert.sync.body':
    "Account **{account}**'s bill could not be fetched in full. To avoid a wrong call, no disable was decided for its {count} sub-accounts this cycle.",
  'alert.sync.at': 'Time',
  'alert.sync.consecutive': 'Failed cycles in a row',
  'alert.sync.escalate': "This keeps failing: check the Volcengine account's permissions and network.",
  'alert.sync.lastComplete': 'Last complete bill data: {at}',
  'alert.sync.retry': 'The next check retries automatically.',
  'alert.failed.disable': 'Disabling {name} failed',
  'alert.failed.enable': 'Re-enabling {name} failed',
  'alert.failed.disableBody':
    'Sub-account **{name}** reached its quota, but disabling it on Volcengine failed.',
  'alert.failed.enableBody':
    'Sub-account **{name}** has quota again, but re-enabling it on Volcengine failed.',
  'alert.failed.attempts': 'Attempts',
  'alert.failed.retry': "The next check retries, starting from the sub-account's real state on Volcengine.",
};
