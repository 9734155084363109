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
  'services-no-cards': [],
  'services-no-edges': [],
  'services-no-transport': [],
  'domain-pure': [],
  'edges-no-raw-outbox': [],
  'db-no-upper-layers': [],
};

/**
 * STYLE.md: named exports only. Every block that sets no-restricted-syntax repeats it (a block replaces
 * the list).
 */
const NAMED_EXPORTS = { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE.md).' };

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
      'no-restricted-syntax': ['error', NAMED_EXPORTS],
    },
  },
  ...layersConfig(layeringAllowlist),
  {
    // A DataSource's own manager outside src/db/repos/transaction.ts: on SQLite's one connection its
    // statements join whatever transaction of the process is open, and go if that one rolls back.
    files: ['src/**/*.ts'],
    ignores: ['src/db/repos/transaction.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        NAMED_EXPORTS,
        ...['object.name', 'object.property.name'].map((db) => ({
          selector: `MemberExpression[${db}='db'][property.name='manager']`,
          message:
            "Not the DataSource's own manager: writeAlone, withReader or inTransaction (src/db/repos/transaction.ts).",
        })),
      ],
    },
  },
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
