import { z } from 'zod';
import type { SimCore } from './core.js';
import { parseMicro } from './money.js';
import type { SimUser } from './state.js';
import { checkUserName } from './iamUsers.js';
import { VolcSimError } from './errors.js';
import { DEFAULT_BILL_LAG_MINUTES } from './spending.js';

const decimal = z.string().regex(/^\d+(\.\d{1,6})?$/, 'expected a decimal string with at most 6 decimals');

export const burnSchema = z.object({
  project: z.string().min(1),
  user: z.string().min(1).nullish(),
  ratePerHour: decimal,
  noise: z.number().min(0).max(1).optional(),
  product: z.string().min(1).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});

export const revisionSchema = z.object({
  project: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  amount: decimal,
});

const policyRef = z.object({
  policyName: z.string().min(1),
  policyType: z.enum(['System', 'Custom']).default('System'),
  /** absent = attached account-wide; a list = attached in those projects (AttachPolicyInProject) */
  projects: z.array(z.string().min(1)).optional(),
});

export const volcSeedSchema = z.object({
  accountId: z.number().int().positive().optional(),
  rngSeed: z.number().int().optional(),
  /** how late the split bill shows (non-Ark) usage; default the documented worst case, 2 days */
  billLagMinutes: z.number().min(0).optional(),
  /** cash balance in CNY before any simulated spending */
  balance: decimal.optional(),
  /** ListBillDetail shows Project "-" for Ark model-inference rows, like the real one (default true) */
  billDetailHidesArkProject: z.boolean().optional(),
  /** when split billing was switched on (ISO); null = off; absent = long ago */
  splitBillingSince: z.iso.datetime({ offset: true }).nullable().optional(),
  /** refunds dated outside their period, rows without a project, short pages under IgnoreZero */
  oddBillRows: z.boolean().optional(),
  /** the previous month is final on its 6th working day at 10:00 instead of day 5 */
  contractBilling: z.boolean().optional(),
  projects: z
    .array(
      z.object({
        projectName: z.string().min(1),
        displayName: z.string().optional(),
        description: z.string().optional(),
        parentProjectName: z.string().optional(),
      }),
    )
    .default([]),
  customPolicies: z
    .array(
      z.object({
        policyName: z.string().min(1),
        description: z.string().default(''),
        policyDocument: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
      }),
    )
    .default([]),
  users: z
    .array(
      z.object({
        userName: z.string().min(1),
        displayName: z.string().optional(),
        description: z.string().optional(),
        email: z.string().optional(),
        mobilePhone: z.string().optional(),
        accessKeys: z
          .array(
            z.object({
              accessKeyId: z.string().min(1).optional(),
              secretAccessKey: z.string().min(1).optional(),
              status: z.enum(['active', 'inactive']).default('active'),
            }),
          )
          .max(2)
          .default([]),
        loginProfile: z
          .object({
            password: z.string().default('Airgate-demo-123'),
            loginAllowed: z.boolean().default(true),
            passwordResetRequired: z.boolean().default(false),
          })
          .optional(),
        policies: z.array(policyRef).default([]),
      }),
    )
    .default([]),
  burns: z.array(burnSchema).default([]),
  revisions: z.array(revisionSchema).default([]),
});

export type VolcSeed = z.input<typeof volcSeedSchema>;

export function parseSeed(input: unknown): z.output<typeof volcSeedSchema> {
  const r = volcSeedSchema.safeParse(input);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new VolcSimError(400, 'InvalidSeed', why);
  }
  return r.data;
}

/** Replaces the whole account with the seed's. Users' key status counts as their history before now. */
export function applySeed(sim: SimCore, input: unknown, defaults: { rngSeed: number }): void {
  const seed = parseSeed(input);
  try {
    fill(sim, seed, defaults);
  } catch (err) {
    if (err instanceof VolcSimError)
      throw new VolcSimError(400, 'InvalidSeed', `${err.code}: ${err.message}`);
    throw err;
  }
}

function fill(sim: SimCore, seed: z.output<typeof volcSeedSchema>, defaults: { rngSeed: number }): void {
  sim.reset(
    seed.rngSeed ?? defaults.rngSeed,
    seed.accountId ?? 2100000001,
    seed.billLagMinutes ?? DEFAULT_BILL_LAG_MINUTES,
  );
  if (seed.balance !== undefined) sim.balanceMicro = parseMicro(seed.balance) ?? 0n;
  sim.billDetailHidesArkProject = seed.billDetailHidesArkProject ?? true;
  sim.splitBillingSinceMs =
    seed.splitBillingSince === undefined
      ? Date.parse('2022-01-01T00:00:00+08:00')
      : seed.splitBillingSince === null
        ? null
        : Date.parse(seed.splitBillingSince);
  sim.oddBillRows = seed.oddBillRows ?? false;
  sim.contractBilling = seed.contractBilling ?? false;
  const st = sim.state;
  const now = sim.clock.now();
  for (const p of seed.projects) {
    if (st.projects.has(p.projectName)) continue;
    st.projects.set(p.projectName, {
      projectName: p.projectName,
      displayName: p.displayName ?? p.projectName,
      description: p.description ?? '',
      parentProjectName: p.parentProjectName ?? '',
      createDate: now,
      updateDate: now,
    });
  }
  for (const p of seed.customPolicies) {
    const doc = p.policyDocument ?? { Statement: [{ Effect: 'Allow', Action: ['*:Get*'], Resource: ['*'] }] };
    st.customPolicies.set(p.policyName, {
      policyName: p.policyName,
      policyType: 'Custom',
      description: p.description,
      category: '自定义',
      policyDocument: typeof doc === 'string' ? doc : JSON.stringify(doc),
      createDate: now,
      updateDate: now,
    });
  }
  for (const u of seed.users) {
    checkUserName(u.userName);
    if (st.users.has(u.userName))
      throw new VolcSimError(400, 'InvalidSeed', `user ${u.userName} appears twice`);
    const user: SimUser = {
      id: st.nextUserId++,
      userName: u.userName,
      displayName: u.displayName ?? u.userName,
      description: u.description ?? '',
      email: u.email ?? '',
      mobilePhone: u.mobilePhone ?? '',
      tags: [],
      createDate: now,
      updateDate: now,
    };
    st.users.set(u.userName, user);
    for (const k of u.accessKeys) {
      const id = k.accessKeyId ?? sim.newAccessKeyId();
      if (st.keys.has(id)) throw new VolcSimError(400, 'InvalidSeed', `access key ${id} appears twice`);
      st.keys.set(id, {
        accessKeyId: id,
        secretAccessKey: k.secretAccessKey ?? sim.newSecretAccessKey(),
        status: k.status,
        userName: u.userName,
        createDate: now,
        updateDate: now,
      });
    }
    if (u.loginProfile)
      st.loginProfiles.set(u.userName, {
        userName: u.userName,
        ...u.loginProfile,
        createDate: now,
        updateDate: now,
      });
    const m = st.attachmentsOf(u.userName);
    for (const p of u.policies) {
      st.policy(p.policyName, p.policyType);
      const key = `${p.policyType}:${p.policyName}`;
      const a = m.get(key) ?? {
        policyName: p.policyName,
        policyType: p.policyType,
        global: null,
        projects: new Map(),
      };
      if (p.projects === undefined) a.global = now;
      else for (const n of p.projects) a.projects.set(st.project(n).projectName, now);
      m.set(key, a);
    }
    st.activity.set(u.userName, { initial: st.isActive(u.userName), changes: [] });
  }
  for (const b of seed.burns) sim.spending.setBurn(b, now.getTime());
  for (const r of seed.revisions) sim.spending.revise(r.project, r.date, r.amount);
}
