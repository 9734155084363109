import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Deps } from '../../src/deps.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import type { MemberDto } from '../../src/db/repos/members.js';
import type { ProjectDto } from '../../src/db/repos/projects.js';
import type { QuotaRequestDto } from '../../src/db/repos/quotaRequests.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { money } from '../../src/domain/money.js';
import { systemActor, type Actor, type Role } from '../../src/policies/actor.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';

/**
 * Rows as AirGate's own use cases or repositories would write them, without a Volcengine or Feishu call:
 * the "given" part of a test. Each takes only what it needs from the deps.
 */
type Db = Pick<Deps, 'db' | 'repos' | 'clock'>;

/** A main account row, as `airgate account add` stores it (no Volcengine call). Returns its id. */
export async function givenMainAccount(
  deps: Db,
  opts: { name?: string; accessKeyId?: string } = {},
): Promise<{ id: string; name: string }> {
  const now = deps.clock.now();
  const id = randomUUID();
  const name = opts.name ?? `acct-${randomUUID().slice(0, 6)}`;
  await withReader(deps.db, (m) =>
    deps.repos.accounts.insert(m, {
      id,
      name,
      source: 'db',
      accessKeyId: opts.accessKeyId ?? 'AKLTtest0001',
      secretSealed: null,
      region: 'cn-beijing',
      endpoint: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }),
  );
  return { id, name };
}

export type SubAccountSpec = {
  userName?: string;
  /** the main account; a new one when absent */
  accountId?: string;
  ownerOpenId?: string | null;
  status?: SubAccountDto['status'];
  /** project → what the spending watch recorded it spent, or project names with nothing recorded yet */
  projects?: Record<string, string> | string[];
  /** projects among `projects` that are not monitored */
  unmonitored?: string[];
  /** the bill day the projects count from */
  countsFrom?: string;
  /** allocated through the ledger after the rows exist */
  quota?: string;
};

/** A sub-account as the IAM service records it: the row, its projects with their spending, its quota. */
export async function givenSubAccount(deps: Db, spec: SubAccountSpec = {}): Promise<SubAccountDto> {
  const accountId = spec.accountId ?? (await givenMainAccount(deps)).id;
  const now = deps.clock.now();
  const sub = await inTransaction(deps.db, async (tx) => {
    const s = await deps.repos.subAccounts.insert(
      tx,
      {
        accountId,
        userName: spec.userName ?? `user-${randomUUID().slice(0, 8)}`,
        ownerOpenId: spec.ownerOpenId ?? null,
        ...(spec.status ? { status: spec.status } : {}),
      },
      now,
    );
    const projects = Array.isArray(spec.projects)
      ? spec.projects.map((p): [string, string | undefined] => [p, undefined])
      : Object.entries(spec.projects ?? {});
    for (const [projectName, spent] of projects) {
      await givenProject(deps, s, projectName, {
        spent,
        countsFrom: spec.countsFrom,
        monitored: !spec.unmonitored?.includes(projectName),
        manager: tx,
      });
    }
    return s;
  });
  if (spec.quota === undefined) return sub;
  await givenAllocation(deps, sub.id, spec.quota, { requestId: `seed:${sub.id}`, note: 'initial quota' });
  return (await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, sub.id)))!;
}

/** A project a sub-account is watched in, with what the watch recorded it spent. */
export async function givenProject(
  deps: Db,
  sub: Pick<SubAccountDto, 'id' | 'accountId'>,
  projectName: string,
  opts: {
    spent?: string | undefined;
    countsFrom?: string | undefined;
    monitored?: boolean;
    /** inside the caller's transaction */
    manager?: EntityManager;
  } = {},
): Promise<ProjectDto> {
  const now = deps.clock.now();
  const write = async (m: EntityManager) => {
    const p = await deps.repos.projects.insert(
      m,
      {
        subAccountId: sub.id,
        accountId: sub.accountId,
        projectName,
        countsFrom: opts.countsFrom ?? '2026-05-01',
        attachedPolicies: [],
      },
      now,
    );
    if (opts.spent !== undefined) await deps.repos.projects.updateSpent(m, p.id, money(opts.spent), now);
    if (opts.monitored === false) await deps.repos.projects.setMonitored(m, { id: p.id }, false, now);
    return p;
  };
  return opts.manager ? write(opts.manager) : withReader(deps.db, write);
}

/** Sets what the spending watch would have recorded for one of a sub-account's projects. */
export async function givenSpend(deps: Db, subAccountId: string, projectName: string, spent: string) {
  await withReader(deps.db, async (m) => {
    const p = (await deps.repos.projects.listBySubAccount(m, subAccountId)).find(
      (x) => x.projectName === projectName,
    );
    if (!p) throw new Error(`no project ${projectName}`);
    await deps.repos.projects.updateSpent(m, p.id, money(spent), deps.clock.now());
  });
}

/** Quota allocated the way an admin allocates it (the ledger use case). */
export async function givenAllocation(
  deps: Parameters<typeof allocateQuota>[0],
  subAccountId: string,
  amount: string,
  opts: { actor?: Actor; note?: string; requestId?: string } = {},
): Promise<void> {
  await allocateQuota(deps, {
    actor: opts.actor ?? systemActor,
    subAccountId,
    amount: money(amount),
    note: opts.note ?? 'test',
    requestId: opts.requestId ?? randomUUID(),
  });
}

/** An AirGate member (a Feishu user with roles). */
export async function givenMember(
  deps: Db,
  member: { openId: string; name: string; roles: Role[]; locale?: string | null },
): Promise<MemberDto> {
  return inTransaction(deps.db, (tx) => deps.repos.members.insert(tx, member, deps.clock.now()));
}

/** A pending quota request, filed through the use case every channel uses. */
export async function givenRequest(
  deps: Parameters<typeof createQuotaRequest>[0],
  subAccountId: string,
  opts: { actor?: Actor; amount?: string; reason?: string } = {},
): Promise<QuotaRequestDto> {
  const { request } = await createQuotaRequest(deps, {
    actor: opts.actor ?? { kind: 'feishu', openId: 'ou_factory_lead', roles: ['lead'] },
    subAccountId,
    amount: money(opts.amount ?? '100'),
    reason: opts.reason ?? 'test',
  });
  return request;
}
