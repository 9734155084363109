import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '../config/loadConfig.js';
import type { Deps } from '../deps.js';
import { ConfigError } from '../errors.js';
import type { CliActor } from '../policies/actor.js';
import type { SubAccountDto } from '../db/repos/subAccounts.js';
import { t } from './i18n.js';
import { printJson } from './run.js';

/** The options of a command that offers --json. */
export type Json = { json?: boolean };

export type CliContext = {
  deps: Deps;
  actor: CliActor;
  /** a fresh id for one write (the audit log and the ledger carry it) */
  requestId: () => string;
  subAccount: (ref: string) => Promise<SubAccountDto>;
  /** prints the JSON document with --json, else the text */
  out: (opts: { json?: boolean }, json: () => unknown, text: () => string) => void;
};

/** The operator at this terminal: the CLI acts as `cli:<os user>`, with an admin's rights. */
export function cliActor(): CliActor {
  let osUser = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    osUser = userInfo().username || osUser;
  } catch {
    // no passwd entry (a container's arbitrary uid): keep the environment's name
  }
  return { kind: 'cli', osUser };
}

/**
 * Runs a command with real deps on the configured database, closed afterwards. The schema must be up to
 * date: the CLI never migrates by itself (`airgate migrate` does).
 */
export async function withCli(fn: (ctx: CliContext) => Promise<void>): Promise<void> {
  // Loaded when the command runs: `airgate --help` and the other commands do not pay for it.
  const { closeDeps, createDeps, initDeps } = await import('../deps.js');
  const { resolveSubAccount } = await import('../services/quota/resolveSubAccount.js');
  const deps = createDeps(loadConfig());
  try {
    await deps.db.initialize();
    if (await deps.db.showMigrations()) {
      throw new ConfigError(
        t(
          '数据库结构不是最新的：请先运行 airgate migrate',
          'the database schema is not up to date: run `airgate migrate` first',
        ),
      );
    }
    await initDeps(deps, { migrate: false });
    await fn({
      deps,
      actor: cliActor(),
      requestId: () => `cli-${randomUUID()}`,
      subAccount: (ref) => resolveSubAccount(deps, ref),
      out: (opts, json, text) => (opts.json ? printJson(json()) : process.stdout.write(text())),
    });
  } finally {
    await closeDeps(deps);
  }
}

/** Adds the --json switch every command shares. */
export function withJson(cmd: Command): Command {
  return cmd.option(
    '--json',
    t('以单个 JSON 文档输出（供脚本使用）', 'print one JSON document (for scripts)'),
  );
}

/** "a,b, c" → ["a", "b", "c"] */
export function commaList(value: string): string[] {
  return value
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
