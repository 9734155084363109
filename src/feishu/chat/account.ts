import { z } from 'zod';
import { withReader } from '../../db/repos/transaction.js';
import type { AccountDto } from '../../db/repos/accounts.js';
import type { Deps } from '../../deps.js';
import { UsageError } from '../../errors.js';
import { resolveAccount } from '../../services/iam/resolveAccount.js';

/**
 * A command run on one of several main accounts without naming it. The registry answers it with a
 * picker card (one button per account) instead of a usage error.
 */
export class AccountChoiceError extends UsageError {
  constructor(readonly accounts: readonly string[]) {
    super(
      `有多个主账号，请指明其一（账号=名称）：${accounts.join(', ')} / several main accounts, name one (account=NAME): ${accounts.join(', ')}`,
      { field: 'account' },
    );
  }
}

const NAMED = /^(?:账号|主账号|account|--account)[=:](.+)$/i;
const FLAG = /^(?:--account|-a)$/i;

/**
 * Takes the main account out of a command's words: `账号=NAME`, `account=NAME`, `--account=NAME` or
 * `--account NAME`, anywhere after the command (full-width ＝ and ： arrive as = and : after NFKC).
 */
export function takeAccount(tokens: readonly string[]): { rest: string[]; account?: string } {
  const rest: string[] = [];
  let account: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const named = NAMED.exec(t);
    if (named) account = named[1]!.trim();
    else if (FLAG.test(t) && tokens[i + 1] !== undefined) account = tokens[++i]!.trim();
    else rest.push(t);
  }
  return account ? { rest, account } : { rest };
}

/** A command's argument parser, plus an optional main account (see takeAccount). */
export function withAccount<A extends object>(
  inner: z.ZodType<A, string[]>,
): z.ZodType<A & { account?: string }, string[]> {
  return z.array(z.string()).transform((tokens, ctx) => {
    const { rest, account } = takeAccount(tokens);
    const parsed = inner.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return account === undefined ? parsed.data : { ...parsed.data, account };
  }) as unknown as z.ZodType<A & { account?: string }, string[]>;
}

/** The main account a command means: the one named, else the only one; several and none named → a picker. */
export async function chosenAccount(deps: Pick<Deps, 'db' | 'repos'>, name?: string): Promise<AccountDto> {
  if (name === undefined) {
    const all = await withReader(deps.db, (m) => deps.repos.accounts.list(m));
    if (all.length > 1) throw new AccountChoiceError(all.map((a) => a.name));
  }
  return resolveAccount(deps, name);
}
