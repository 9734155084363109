import { SimClock } from './clock.js';
import { FaultInjector } from './faults.js';
import { createRng, randomToken, type Rng } from './rng.js';
import { DEFAULT_BILL_LAG_MINUTES, Spending } from './spending.js';
import { AccountThrottle } from './throttle.js';
import { IamState } from './state.js';

export type MainCredentials = { accessKeyId: string; secretAccessKey: string };

export type Caller = { accessKeyId: string; userName: string | null; region: string };

/** Everything one simulated account holds; handlers and admin endpoints act on it. */
export class SimCore {
  state!: IamState;
  spending!: Spending;
  rng!: Rng;
  readonly faults: FaultInjector;
  readonly calls = new Map<string, number>();
  readonly throttle = new AccountThrottle();
  /**
   * Requests per second per account shared by every `billing` action (ListBillDetail, ListSplitBillDetail,
   * ListBill, …): 5, documented (ark-api.md §6, FINOPS). 0 = no limit (only for tests that are not about it).
   */
  billingQps = 5;
  balanceMicro = 100_000_000_000n;
  billDetailHidesArkProject = true;
  /**
   * When split billing was switched on (费用中心 → 分账账单 → 开通): ListSplitBillDetail shows only bills of days
   * starting at or after it; null = never switched on (the split bill stays empty). Default: long ago.
   */
  splitBillingSinceMs: number | null = Date.parse('2022-01-01T00:00:00+08:00');
  /** Bills carry refunds dated outside their period, rows without a project and free (0) rows. */
  oddBillRows = false;
  /** Contract billing: the previous month is final on the 6th working day at 10:00, not day 5 at 10:00. */
  contractBilling = false;
  /** Attaching a policy already attached (in that scope) is refused; the real answer is unverified. */
  refuseRepeatedAttach = true;
  rngSeed: number;

  constructor(
    readonly clock: SimClock,
    readonly credentials: MainCredentials,
    rngSeed: number,
    accountId = 2100000001,
  ) {
    this.rngSeed = rngSeed;
    this.faults = new FaultInjector(createRng(rngSeed ^ 0x5f3759df));
    this.reset(rngSeed, accountId, DEFAULT_BILL_LAG_MINUTES);
  }

  /** Empties the account: only the main key and the `default` project remain. */
  reset(rngSeed: number, accountId: number, lagMinutes: number): void {
    this.rngSeed = rngSeed;
    this.rng = createRng(rngSeed);
    this.state = new IamState(accountId);
    this.spending = new Spending(this.state, rngSeed, lagMinutes);
    const now = this.clock.now();
    this.state.keys.set(this.credentials.accessKeyId, {
      accessKeyId: this.credentials.accessKeyId,
      secretAccessKey: this.credentials.secretAccessKey,
      status: 'active',
      userName: null,
      createDate: now,
      updateDate: now,
    });
    this.state.projects.set('default', {
      projectName: 'default',
      displayName: 'default',
      description: '默认项目',
      parentProjectName: '',
      createDate: now,
      updateDate: now,
    });
  }

  newAccessKeyId(): string {
    return `AKLT${randomToken(this.rng, 40)}`;
  }

  newSecretAccessKey(): string {
    return `${randomToken(this.rng, 58)}==`;
  }

  countCall(action: string): void {
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
  }

  callCount(action?: string): number {
    if (action !== undefined) return this.calls.get(action) ?? 0;
    let n = 0;
    for (const v of this.calls.values()) n += v;
    return n;
  }
}
