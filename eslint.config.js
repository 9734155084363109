// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { layersConfig } from './eslint/layers.js';

/**
 * Files that break a layering rule today, exempted from that rule only. Each entry is a violation being
 * removed by issue 12; delete the line when its fix lands (lint then holds the file to the rule).
 */
const layeringAllowlist = {
  'services-no-cards': [
    'src/services/enforcement/notify.ts', // violation being removed by issue 12
    'src/services/enforcement/types.ts', // violation being removed by issue 12
    'src/services/watch/alertCards.ts', // violation being removed by issue 12
    'src/services/watch/alerts.ts', // violation being removed by issue 12
    'src/services/watch/runSpendingCheck.ts', // violation being removed by issue 12
  ],
  'services-no-edges': [
    'src/services/doctor/feishuChecks.ts', // violation being removed by issue 12
  ],
  'services-no-transport': [
    'src/services/doctor/feishuChecks.ts', // violation being removed by issue 12
  ],
  'domain-pure': [
    'src/domain/money.ts', // violation being removed by issue 12
  ],
  'edges-no-raw-outbox': [
    'src/feishu/actions/requestCards.ts', // violation being removed by issue 12
    'src/feishu/actions/requestExpiry.ts', // violation being removed by issue 12
    'src/feishu/actions/requestPublish.ts', // violation being removed by issue 12
    'src/feishu/outbox.ts', // violation being removed by issue 12
    'src/feishu/relay.ts', // violation being removed by issue 12
  ],
  'db-no-upper-layers': [
    'src/db/entities/apiKey.ts', // violation being removed by issue 12
    'src/db/entities/member.ts', // violation being removed by issue 12
    'src/db/repos/members.ts', // violation being removed by issue 12
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE.md).' },
      ],
    },
  },
  ...layersConfig(layeringAllowlist),
  {
    // Files whose tools require a default export.
    files: [
      'ormconfig.ts',
      'vitest.config.ts',
      'eslint.config.js',
      'test/support/globalSetup.ts',
      'test/support/plainSummaryReporter.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
