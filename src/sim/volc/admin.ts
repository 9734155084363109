import { z } from 'zod';
import type { SimCore } from './core.js';
import { VolcSimError } from './errors.js';
import { formatMicro, parseMicro } from './money.js';
import { burnSchema, revisionSchema } from './seed.js';
import { periodFinalAtMs } from './billUnits.js';
import type { VolcFaults } from './faults.js';

export const faultsSchema = z
  .object({
    latencyMs: z.union([z.number().min(0), z.tuple([z.number().min(0), z.number().min(0)])]),
    errorRate: z.number().min(0).max(1),
    qpsLimit: z.number().int().min(0),
    dropRate: z.number().min(0).max(1),
    actions: z.array(z.string()),
  })
  .partial();

export const advanceSchema = z
  .object({ ms: z.number(), minutes: z.number(), hours: z.number(), days: z.number() })
  .partial()
  .transform(
    (a) => (a.ms ?? 0) + (a.minutes ?? 0) * 60_000 + (a.hours ?? 0) * 3_600_000 + (a.days ?? 0) * 86_400_000,
  )
  .pipe(z.number().min(0));

export const settingsSchema = z
  .object({
    billLagMinutes: z.number().min(0),
    balance: z.string(),
    billDetailHidesArkProject: z.boolean(),
    /** ISO time split billing was switched on; null = off (the split bill stays empty) */
    splitBillingSince: z.iso.datetime({ offset: true }).nullable(),
    oddBillRows: z.boolean(),
    contractBilling: z.boolean(),
    refuseRepeatedAttach: z.boolean(),
    /** requests per second per account for all billing actions together (documented 5; 0 = no limit) */
    billingQps: z.number().int().min(0),
  })
  .partial();

export function parseAdmin<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    throw new VolcSimError(
      400,
      'InvalidParameter',
      r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    );
  }
  return r.data;
}

export function setBurns(sim: SimCore, body: unknown): number {
  const list = parseAdmin(z.union([z.array(burnSchema), z.object({ burns: z.array(burnSchema) })]), body);
  const burns = Array.isArray(list) ? list : list.burns;
  const now = sim.clock.nowMs();
  sim.spending.catchUp(now);
  for (const b of burns) sim.spending.setBurn(b, now);
  return burns.length;
}

export function addRevisions(sim: SimCore, body: unknown): number {
  const r = parseAdmin(z.union([revisionSchema, z.object({ revisions: z.array(revisionSchema) })]), body);
  const list = 'revisions' in r ? r.revisions : [r];
  for (const x of list) {
    // A month's bill is final from its finalisation time on: nothing revises it after that.
    const finalAt = periodFinalAtMs(x.date.slice(0, 7), sim.contractBilling);
    if (sim.clock.nowMs() >= finalAt) {
      throw new VolcSimError(
        400,
        'InvalidParameter',
        `the bill of ${x.date.slice(0, 7)} is final since ${new Date(finalAt).toISOString()}: it cannot be revised`,
      );
    }
    sim.spending.revise(x.project, x.date, x.amount);
  }
  return list.length;
}

export function applySettings(sim: SimCore, body: unknown): void {
  const s = parseAdmin(settingsSchema, body);
  if (s.billLagMinutes !== undefined) {
    sim.spending.catchUp(sim.clock.nowMs());
    sim.spending.lagMinutes = s.billLagMinutes;
  }
  if (s.balance !== undefined) {
    const m = parseMicro(s.balance);
    if (m === null) throw new VolcSimError(400, 'InvalidParameter', 'balance must be a decimal string');
    sim.balanceMicro = m;
  }
  if (s.billDetailHidesArkProject !== undefined) sim.billDetailHidesArkProject = s.billDetailHidesArkProject;
  if (s.splitBillingSince !== undefined)
    sim.splitBillingSinceMs = s.splitBillingSince === null ? null : Date.parse(s.splitBillingSince);
  if (s.oddBillRows !== undefined) sim.oddBillRows = s.oddBillRows;
  if (s.contractBilling !== undefined) sim.contractBilling = s.contractBilling;
  if (s.refuseRepeatedAttach !== undefined) sim.refuseRepeatedAttach = s.refuseRepeatedAttach;
  if (s.billingQps !== undefined) sim.billingQps = s.billingQps;
  sim.state.version++;
}

export function setFaults(sim: SimCore, body: unknown): VolcFaults {
  sim.faults.set(parseAdmin(faultsSchema, body) as Partial<VolcFaults>);
  return sim.faults.get();
}

/** The true spend (published to bills or not) per burn, with totals per project and user. */
export function spendReport(sim: SimCore) {
  const rows = sim.spending.trueSpend(sim.clock.nowMs());
  const byProject: Record<string, string> = {};
  const byUser: Record<string, string> = {};
  const add = (m: Record<string, string>, k: string, v: bigint) => {
    m[k] = formatMicro((parseMicro(m[k] ?? '0') ?? 0n) + v);
  };
  for (const r of rows) {
    add(byProject, r.project, r.amount);
    add(byUser, r.user ?? '(main)', r.amount);
  }
  return {
    now: sim.clock.now().toISOString(),
    billLagMinutes: sim.spending.lagMinutes,
    burns: rows.map((r) => ({ ...r, amount: formatMicro(r.amount) })),
    byProject,
    byUser,
  };
}

export function callsReport(sim: SimCore) {
  return {
    total: sim.callCount(),
    byAction: Object.fromEntries(sim.calls),
    throttled: Object.fromEntries(sim.throttle.refused),
  };
}

/** The account as JSON in the seed's shape (secrets included: this is a simulator's admin view). */
export function exportState(sim: SimCore) {
  const st = sim.state;
  return {
    now: sim.clock.now().toISOString(),
    clock: sim.clock.mode,
    accountId: st.accountId,
    rngSeed: sim.rngSeed,
    billLagMinutes: sim.spending.lagMinutes,
    balance: formatMicro(sim.balanceMicro),
    billDetailHidesArkProject: sim.billDetailHidesArkProject,
    splitBillingSince:
      sim.splitBillingSinceMs === null ? null : new Date(sim.splitBillingSinceMs).toISOString(),
    oddBillRows: sim.oddBillRows,
    contractBilling: sim.contractBilling,
    projects: [...st.projects.values()]
      .filter((p) => p.projectName !== 'default')
      .map((p) => ({
        projectName: p.projectName,
        displayName: p.displayName,
        description: p.description,
        parentProjectName: p.parentProjectName,
      })),
    customPolicies: [...st.customPolicies.values()].map((p) => ({
      policyName: p.policyName,
      description: p.description,
      policyDocument: p.policyDocument,
    })),
    users: [...st.users.values()].map((u) => {
      const lp = st.loginProfiles.get(u.userName);
      return {
        userName: u.userName,
        displayName: u.displayName,
        description: u.description,
        email: u.email,
        mobilePhone: u.mobilePhone,
        accessKeys: st.keysOf(u.userName).map((k) => ({
          accessKeyId: k.accessKeyId,
          secretAccessKey: k.secretAccessKey,
          status: k.status,
        })),
        ...(lp
          ? {
              loginProfile: {
                password: lp.password,
                loginAllowed: lp.loginAllowed,
                passwordResetRequired: lp.passwordResetRequired,
              },
            }
          : {}),
        policies: [...(st.attachments.get(u.userName)?.values() ?? [])].flatMap((a) => [
          ...(a.global ? [{ policyName: a.policyName, policyType: a.policyType }] : []),
          ...(a.projects.size > 0
            ? [{ policyName: a.policyName, policyType: a.policyType, projects: [...a.projects.keys()] }]
            : []),
        ]),
      };
    }),
    burns: sim.spending.burns.map((b) => {
      const last = b.segments[b.segments.length - 1]!;
      return {
        project: b.project,
        user: b.user,
        product: b.product,
        ratePerHour: formatMicro(BigInt(last.rateMicro)),
        noise: last.noisePpm / 1e6,
        since: new Date(b.segments[0]!.from).toISOString(),
      };
    }),
    revisions: [...sim.spending.revisions].map(([k, v]) => {
      const [project, date] = k.split('|') as [string, string];
      return { project, date, amount: formatMicro(v) };
    }),
  };
}
