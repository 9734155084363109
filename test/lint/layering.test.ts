import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

type Plant = { dir: string; code: string };

/**
 * Lints each planted source with the project's own `eslint.config.js` as if it were a new file in `dir`
 * (the config matches by path). Nothing is written: a real file in `cards/` or `src/` would race with the
 * tests that list those folders. Returns, per plant, the rule ids that fired.
 */
async function lintPlanted(plants: Plant[]): Promise<string[][]> {
  const eslint = new ESLint({ cwd: root });
  const tag = `layeringProbe${randomUUID().replace(/-/g, '')}`;
  return Promise.all(
    plants.map(async (p, i) => {
      const [r] = await eslint.lintText(p.code, { filePath: join(root, p.dir, `${tag}${i}.ts`) });
      if (!r) throw new Error(`not linted: ${p.dir}`);
      return [...new Set(r.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`))].sort();
    }),
  );
}

describe('lint enforces the layering of STYLE.md', () => {
  it('names the arrow each planted import breaks, and lets the allowed ones through', async () => {
    const cases: Array<Plant & { fires: string[] }> = [
      {
        dir: 'src/services',
        code: "export { helpCard } from '../../cards/help.js';\n",
        fires: ['layers/services-no-cards'],
      },
      {
        dir: 'src/services/quota',
        code: "import type { CardJson } from '../../../cards/lib/types.js';\nexport type X = CardJson;\n",
        fires: ['layers/services-no-cards'],
      },
      {
        dir: 'src/services/quota',
        code: "export { createFeishuClient } from '../../feishu/client.js';\nexport * from '../../api/problem.js';\n",
        fires: ['layers/services-no-edges'],
      },
      {
        dir: 'src/services',
        code: "export { action } from '../cli/run.js';\n",
        fires: ['layers/services-no-edges'],
      },
      {
        dir: 'src/services',
        code: "import type Koa from 'koa';\nexport type X = Koa;\nexport * as lark from '@larksuiteoapi/node-sdk';\n",
        fires: ['layers/services-no-transport'],
      },
      {
        dir: 'src/domain',
        code: "export { UsageError } from '../errors.js';\n",
        fires: ['layers/domain-pure'],
      },
      {
        dir: 'src/domain',
        code: "export { money } from './money.js';\nexport { Decimal } from 'decimal.js';\n",
        fires: [],
      },
      {
        dir: 'src/db/repos',
        code: "import type { Role } from '../../policies/actor.js';\nexport type X = Role;\n",
        fires: ['layers/db-no-upper-layers'],
      },
      {
        dir: 'src/db',
        code: "export * from '../services/quota/getQuota.js';\n",
        fires: ['layers/db-no-upper-layers'],
      },
      {
        dir: 'cards',
        code: "export { loadConfig } from '../src/config/loadConfig.js';\n",
        fires: ['layers/cards-only-domain'],
      },
      {
        dir: 'cards/lib',
        code: "export { money } from '../../src/domain/money.js';\n",
        fires: [],
      },
      {
        dir: 'src/feishu/actions',
        code: "export { FeishuOutboxMessage } from '../../db/entities/feishuOutboxMessage.js';\n",
        fires: ['layers/edges-no-raw-outbox'],
      },
      {
        dir: 'src/api',
        code: "export { FeishuOutboxMessage } from '../db/entities/feishuOutboxMessage.js';\n",
        fires: ['layers/edges-no-raw-outbox'],
      },
      {
        dir: 'src/jobs',
        code: "export { startSandbox } from '../sim/sandbox.js';\n",
        fires: ['layers/no-sim'],
      },
      {
        dir: 'src/cli/commands',
        code: "export const load = () => import('../../sim/sandbox.js');\n",
        fires: ['layers/no-sim-dynamic'],
      },
      {
        // The simulator commands themselves: the simulators load lazily, types are free.
        dir: 'src/cli/commands/simulators',
        code: "import { startVolcSim } from '../../../sim/volc/server.js';\nexport const s = startVolcSim;\n",
        fires: ['layers/sim-lazy'],
      },
      {
        dir: 'src/cli/commands/simulators',
        code: "import type { Sandbox } from '../../../sim/sandbox.js';\nexport type S = Sandbox;\nexport const load = () => import('../../../sim/sandbox.js');\n",
        fires: [],
      },
    ];
    const fired = await lintPlanted(cases);
    expect(cases.map((c, i) => ({ at: c.dir, code: c.code, fired: fired[i] }))).toEqual(
      cases.map((c) => ({ at: c.dir, code: c.code, fired: c.fires })),
    );
  });
});

describe('lint keeps writes off the DataSource’s own manager', () => {
  // On SQLite's one connection a statement sent through `db.manager` joins whatever transaction of the
  // process is open, and goes if that one rolls back (test/feishu/inboxBatch.test.ts, outbox.test.ts).
  it('refuses `db.manager` in src and lets the transaction helpers through', async () => {
    const uses = [
      'export const f = (deps: { db: { manager: unknown } }) => deps.db.manager;\n',
      'export const f = (db: { manager: unknown }) => db.manager;\n',
      'export class C {\n  constructor(private readonly db: { manager: unknown }) {}\n  m() {\n    return this.db.manager;\n  }\n}\n',
    ];
    const fired = await lintPlanted([
      ...uses.map((code) => ({ dir: 'src/feishu', code })),
      { dir: 'src/services', code: 'export const m = (tx: { manager: unknown }) => tx.manager;\n' },
    ]);
    expect(fired).toEqual([['no-restricted-syntax'], ['no-restricted-syntax'], ['no-restricted-syntax'], []]);
  });
});
