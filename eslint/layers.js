// @ts-check
/**
 * The layering of STYLE.md §1 and §5 as lint rules, one rule per forbidden arrow, so a violation names
 * the arrow it breaks. ESLint's own `no-restricted-imports` (and typescript-eslint's, which can let
 * type-only imports through) is registered under one name per arrow: rules of the same name in two
 * config blocks replace each other, distinct names add up.
 *
 * Patterns match the import specifier as written (relative paths), so each one is anchored on a run of
 * `../` followed by a top-level folder name.
 */
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

const restrictImports = builtinRules.get('no-restricted-imports');
const restrictSyntax = builtinRules.get('no-restricted-syntax');
const restrictValueImports = tseslint.plugin.rules?.['no-restricted-imports'];
if (!restrictImports || !restrictSyntax || !restrictValueImports) {
  throw new Error('eslint layering: a core rule is missing');
}

/** @param {string} regex @param {string} message */
const forbid = (regex, message) => ['error', { patterns: [{ regex, message }] }];

const SIM = '^(\\.\\./)+sim/';
const SIM_MESSAGE = 'src/ → src/sim: AirGate reaches the simulators only over HTTP (STYLE.md §1).';

/** The CLI files that run the simulators or talk to them: they load simulator code lazily only. */
const SIM_COMMANDS = ['src/cli/commands/simulators/*.ts', 'src/cli/chat/*.ts'];

export const layersPlugin = {
  rules: {
    'services-no-cards': restrictImports,
    'services-no-edges': restrictImports,
    'services-no-transport': restrictImports,
    'domain-pure': restrictImports,
    'db-no-upper-layers': restrictImports,
    'cards-only-domain': restrictImports,
    'edges-no-raw-outbox': restrictImports,
    'no-sim': restrictImports,
    'no-sim-dynamic': restrictSyntax,
    'sim-lazy': restrictValueImports,
  },
};

/**
 * @param {{ [rule: string]: string[] }} allow files breaking a rule today, exempted from that rule only
 * @returns {import('eslint').Linter.Config[]}
 */
export function layersConfig(allow) {
  const block = (
    /** @type {string} */ name,
    /** @type {string[]} */ files,
    /** @type {any} */ options,
    ignores = [],
  ) => ({
    name: `layers/${name}`,
    files,
    ignores: [...ignores, ...(allow[name] ?? [])],
    plugins: { layers: layersPlugin },
    rules: { [`layers/${name}`]: options },
  });
  return [
    block(
      'services-no-cards',
      ['src/services/**/*.ts'],
      forbid(
        '(^|/)cards/',
        'services → cards: a use case returns a view model; the Feishu edge renders the card.',
      ),
    ),
    block(
      'services-no-edges',
      ['src/services/**/*.ts'],
      forbid(
        '^(\\.\\./)+(feishu|api|cli)(/|$)',
        'services → src/feishu | src/api | src/cli: edges call services, never the other way round.',
      ),
    ),
    block(
      'services-no-transport',
      ['src/services/**/*.ts'],
      forbid(
        '^(koa|bree)$|^@koa/|^@larksuiteoapi/',
        'services → koa | lark | bree: no transport or scheduler types in a use case; reach I/O through deps.',
      ),
    ),
    block(
      'domain-pure',
      ['src/domain/**/*.ts'],
      forbid(
        '^\\.\\./',
        'domain → anything of ours outside src/domain: the domain is pure and imports only itself.',
      ),
    ),
    block(
      'db-no-upper-layers',
      ['src/db/**/*.ts'],
      forbid(
        '^(\\.\\./)+(policies|services|feishu|api|cli|jobs|cards)(/|$)',
        'db → policies | services | edges | cards: persistence sits below the use cases.',
      ),
    ),
    block(
      'cards-only-domain',
      ['cards/**/*.ts'],
      forbid(
        '^(\\.\\./)+src/(?!domain/)',
        'cards → src/ (other than src/domain): cards are pure view → JSON.',
      ),
    ),
    block(
      'edges-no-raw-outbox',
      ['src/feishu/**/*.ts', 'src/api/**/*.ts', 'src/cli/**/*.ts'],
      forbid(
        '^(\\.\\./)+db/entities/feishuOutboxMessage(\\.js)?$',
        'edges → the outbox table: queue and query messages through src/db, not with raw outbox queries.',
      ),
    ),
    block('no-sim', ['src/**/*.ts'], forbid(SIM, SIM_MESSAGE), ['src/sim/**', ...SIM_COMMANDS]),
    block(
      'no-sim-dynamic',
      ['src/**/*.ts'],
      // esquery regexes cannot hold a slash: \x2F is one.
      [
        'error',
        { selector: 'ImportExpression[source.value=/^(\\.\\.\\x2F)+sim\\x2F/]', message: SIM_MESSAGE },
      ],
      ['src/sim/**', ...SIM_COMMANDS],
    ),
    block('sim-lazy', SIM_COMMANDS, [
      'error',
      {
        patterns: [
          {
            regex: SIM,
            allowTypeImports: true,
            message:
              'CLI simulator commands → src/sim: load it with `await import()` inside the action, so `airgate serve` and `--help` never load the simulators.',
          },
        ],
      },
    ]),
  ];
}
