/**
 * Every chat command as the help and usage cards know it. Names and usage lines live in the i18n catalogs
 * (`cmd.<key>.usage`, `cmd.<key>.summary`), so the help card, the usage card and the parser share one text.
 */
export const COMMAND_KEYS = [
  'help',
  'dashboard',
  'users',
  'user',
  'userCreate',
  'userSync',
  'userImport',
  'userDisable',
  'userEnable',
  'policyAttach',
  'policyDetach',
  'policyList',
  'projectList',
  'projectAdd',
  'projectRemove',
  'projectToggle',
  'projectToggleAll',
  'quota',
  'apply',
  'allocate',
  'deduct',
  'history',
  'billing',
  'alerts',
  'thresholds',
  'settings',
  'check',
  'accounts',
  'withdraw',
  'audit',
] as const;

export type CommandKey = (typeof COMMAND_KEYS)[number];

/** How the help card groups commands. */
export const COMMAND_GROUPS: ReadonlyArray<{
  key: 'overview' | 'users' | 'projects' | 'quota' | 'watch';
  commands: readonly CommandKey[];
}> = [
  { key: 'overview', commands: ['help', 'dashboard', 'users', 'user'] },
  {
    key: 'users',
    commands: [
      'userCreate',
      'userSync',
      'userImport',
      'userDisable',
      'userEnable',
      'policyAttach',
      'policyDetach',
      'policyList',
      'accounts',
    ],
  },
  {
    key: 'projects',
    commands: ['projectList', 'projectAdd', 'projectRemove', 'projectToggle', 'projectToggleAll'],
  },
  { key: 'quota', commands: ['quota', 'apply', 'withdraw', 'allocate', 'deduct', 'history', 'billing'] },
  { key: 'watch', commands: ['alerts', 'thresholds', 'settings', 'check', 'audit'] },
];
