// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

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
  {
    // Nothing outside the simulators reaches into them: AirGate talks to them only over HTTP.
    files: ['src/**/*.ts', 'cards/**/*.ts'],
    ignores: ['src/sim/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/sim/**', '**/sim/*'],
              message: 'Only src/sim and the CLI may import the simulators.',
            },
          ],
        },
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
