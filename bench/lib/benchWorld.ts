import { money, toDecimalString, type Money } from '../../src/domain/money.js';

/** What the spending benches share: a month of split-bill spending by N sub-accounts × 3 projects. */
export const MONTH_START = new Date('2026-04-30T16:00:00Z'); // 2026-05-01 00:00 Asia/Shanghai
export const PROJECTS_PER_SUB = 3;
const HOUR = 3_600_000;

export const benchNames = (n: number) =>
  Array.from({ length: n }, (_, i) => `bench-${String(i).padStart(4, '0')}`);

/** Sub-account i's spending per project, yuan an hour (¥0.05 … ¥0.35), as a decimal. */
export function burnPerHour(i: number): Money {
  return money(String(5 * ((i % 7) + 1))).div(100);
}

/** Sub-account i's noise-free spending over all its projects from the month's start to `now`. */
export function spentBy(i: number, now: Date): Money {
  return burnPerHour(i)
    .times(PROJECTS_PER_SUB)
    .times(now.getTime() - MONTH_START.getTime())
    .div(HOUR);
}

/** The Volcengine simulator's seed: the users, their projects and their burns since the month's start. */
export function splitBillSeed(users: readonly string[]) {
  return {
    billLagMinutes: 60,
    projects: users.flatMap((u) =>
      Array.from({ length: PROJECTS_PER_SUB }, (_, p) => ({ projectName: `${u}-p${p}` })),
    ),
    users: users.map((userName) => ({ userName, accessKeys: [{}] })),
    burns: users.flatMap((u, i) =>
      Array.from({ length: PROJECTS_PER_SUB }, (_, p) => ({
        project: `${u}-p${p}`,
        user: u,
        ratePerHour: toDecimalString(burnPerHour(i)),
        noise: 0.2,
        since: MONTH_START.toISOString(),
      })),
    ),
  };
}

/** The simulator's admin API; one retry, since an idle keep-alive socket may have been closed by the server. */
export async function simAdmin(url: string, path: string, method: string, body?: unknown): Promise<unknown> {
  const go = async () =>
    (
      await fetch(`${url}${path}`, {
        method,
        headers: { connection: 'close', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).json();
  return go().catch(go);
}
