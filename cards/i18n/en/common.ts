import type { common as zh } from '../zh/common.js';

/** English: shared words, roles, statuses, errors and help. Exactly the keys of the Chinese part. */
export const common: Record<keyof typeof zh, string> = {
  'common.or': ' or ',
  'common.sep': ', ',
  'common.none': 'none',
  'common.noneYet': 'None yet',
  'common.yes': 'yes',
  'common.no': 'no',
  'common.requestId': 'Request id',

  'role.admin': 'admin',
  'role.approver': 'approver',
  'role.lead': 'lead',
  'role.viewer': 'viewer',
  'role.none': 'no role',

  'status.active': 'Active',
  'status.disabling': 'Disabling',
  'status.disabled': 'Disabled',
  'status.enabling': 'Enabling',
  'status.missing': 'Gone from Volcengine',

  'help.title': 'AirGate help',
  'help.subtitle': 'Your roles: {roles}',
  'help.group.overview': 'Look',
  'help.group.users': 'Sub-accounts and policies',
  'help.group.projects': 'Projects',
  'help.group.quota': 'Quota',
  'help.group.watch': 'Alerts and settings',
  'help.nothing': 'No command is open to you yet; ask an admin for a role.',
  'help.footer':
    'Commands work in Chinese or English, e.g. "额度 alice" or "quota alice". In a group, @-mention the bot first. Amounts: 100, 100.5, ¥100, 1,000 or 1万.',

  'usage.title': 'Command not understood; nothing changed',
  'usage.youTyped': 'You typed',
  'usage.unknown': 'This is not a command AirGate knows.',
  'usage.badArgs': 'The arguments are not right.',
  'usage.correct': 'Usage',
  'usage.didYouMean': 'Did you mean',
  'usage.nothingChanged': 'The command did not run and nothing changed. Send "help" for every command.',

  'forbidden.title': 'Not allowed',
  'forbidden.thisAction': 'This action',
  'forbidden.needs': '{what} needs one of these roles: **{roles}**',
  'forbidden.ownerOnly': 'A lead may act only on the sub-accounts they own.',
  'forbidden.yours': 'Your roles: {roles}',
  'forbidden.ask': 'Nothing changed. Ask an admin if you need access.',

  'notFound.title': '{what} not found',
  'notFound.body': 'There is no {what} named **{name}**.',
  'notFound.didYouMean': 'Did you mean: {names}',
  'notFound.exact': 'Names must match exactly (case-sensitive).',
  'notFound.kind.subAccount': 'sub-account',
  'notFound.kind.project': 'project',
  'notFound.kind.policy': 'policy',
  'notFound.kind.request': 'quota request',
  'notFound.kind.account': 'Volcengine account',
  'notFound.kind.member': 'member',

  'upstream.title': 'Volcengine unavailable',
  'upstream.body': 'AirGate could not complete its call to Volcengine.',
  'upstream.retry': 'Volcengine throttled or timed out; please try again in a moment.',
  'upstream.noRetry': 'Volcengine refused the request; ask an admin to look at the logs.',
  'upstream.volcRequestId': 'Volcengine request id',
  'upstream.nothingChanged': 'The action did not complete; nothing changed on the AirGate side.',

  'internal.title': 'Something went wrong',
  'internal.body': 'AirGate hit an internal error while handling this command.',
  'internal.footer': 'Please try again; if it keeps failing, give the request id to an admin.',

  'quota.quota': 'Quota',
  'quota.spent': 'Spent',
  'quota.remaining': 'Remaining',
  'quota.percent': 'Used',
  'quota.title': 'Quota · {name}',
  'quota.state.ok': 'OK, {percent} used',
  'quota.state.warning': 'Near the quota, {percent} used',
  'quota.state.exhausted': 'Quota used up, {percent} used',
  'quota.asOf': 'Spending updated {at}',

  'page.position': 'Page {page}/{pages} · {total} in all',
  'page.prev': 'Previous',
  'page.next': 'Next',

  'action.apply': 'Request quota',
  'action.history': 'Quota history',
  'action.billing': "This month's bill",
  'action.open': 'Open sub-account',
  'action.disable': 'Disable',
  'action.enable': 'Enable',
  'action.disableConfirm':
    'Disable {name}? Its access keys will be turned off and its console login disallowed.',
  'action.enableConfirm': 'Enable {name}? The access keys and login AirGate turned off will be restored.',

  'fresh.newest': 'Newest bill data: {at} ({ago}).',
  'fresh.none': 'No bill data yet.',
  'fresh.overspend': 'Bills lag: at the current rate, real spending may be up to {amount} higher.',
  'fresh.overspendUnknown':
    'Bills lag, and the spending rate is not known yet: real spending may already be higher.',
};
