import type { Config } from '../../src/config/loadConfig.js';
import type { Deps } from '../../src/deps.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { openApp, type App } from '../support/app.js';
import type { DbKind } from '../support/databases.js';
import { givenMainAccount, givenSubAccount as givenSub } from '../support/factories.js';

export { testClock, type TestClock } from '../support/clock.js';
export { givenSpend } from '../support/factories.js';

export type Harness = Omit<App, 'logs'>;

/** Real deps on a fresh, migrated database of the given kind, with a settable clock. */
export async function openHarness(kind: DbKind, config: Partial<Config> = {}): Promise<Harness> {
  return openApp(kind, { config });
}

/** A main account row (stands in for `airgate account add`, which needs no Volcengine call). */
export async function givenAccount(deps: Deps, name?: string): Promise<string> {
  return (await givenMainAccount(deps, name === undefined ? {} : { name })).id;
}

/** A sub-account as the IAM service would record it, with optional projects and their spending. */
export async function givenSubAccount(
  deps: Deps,
  opts: {
    userName?: string;
    accountId?: string;
    ownerOpenId?: string;
    projects?: Record<string, string>;
  } = {},
): Promise<SubAccountDto> {
  return givenSub(deps, opts);
}
