import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/errors.js';
import { withReader } from '../../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../../src/db/repos/subAccounts.js';
import { importSubAccount } from '../../../src/services/iam/importSubAccount.js';
import { addProject, ProjectAttachError } from '../../../src/services/projects/addProject.js';
import { listVolcProjects } from '../../../src/services/projects/listVolcProjects.js';
import { removeProject } from '../../../src/services/projects/removeProject.js';
import { toggleAllProjects } from '../../../src/services/projects/toggleAllProjects.js';
import { toggleProject } from '../../../src/services/projects/toggleProject.js';
import { updateSettings } from '../../../src/services/settings/updateSettings.js';
import { dbKinds } from '../../support/databases.js';
import {
  admin,
  auditActions,
  cloudUser,
  openIamHarness,
  startFaultProxy,
  useEndpoint,
  type FaultProxy,
  type IamHarness,
} from '../iam/support.js';
import { wordsOf } from '../../errors/refusalWords.js';

const seed = {
  projects: [{ projectName: 'p1' }, { projectName: 'p2' }, { projectName: 'p3' }],
  users: [
    { userName: 'ivy', policies: [{ policyName: 'TOSFullAccess', projects: ['p3'] }] },
    { userName: 'jon' },
  ],
};

describe.each(dbKinds())('projects of a sub-account (%s)', (kind) => {
  let h: IamHarness;
  let ivy: SubAccountDto;
  let jon: SubAccountDto;
  let proxy: FaultProxy | undefined;
  beforeEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await h?.close();
    h = await openIamHarness(kind, seed);
    ivy = (await importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'ivy' }))
      .subAccount;
    jon = (await importSubAccount(h.deps, { actor: admin, accountId: h.accountId, userName: 'jon' }))
      .subAccount;
  });
  afterAll(async () => {
    await proxy?.close();
    await h.close();
  });

  const rows = () =>
    withReader(h.deps.db, async (m) =>
      (await h.deps.repos.projects.listByAccount(m, h.accountId)).map((p) => ({
        project: p.projectName,
        sub: p.subAccountId === ivy.id ? 'ivy' : 'jon',
        monitored: p.monitored,
        policies: p.attachedPolicies.map((x) => x.policyName),
      })),
    );

  it('attaches each default policy in the project scope only, records them, and audits the add', async () => {
    const r = await addProject(h.deps, {
      actor: admin,
      subAccountId: ivy.id,
      projectName: 'p1',
      countsFrom: '2026-05-01',
    });
    expect(r.attached.map((p) => p.policyName)).toEqual(['ArkFullAccess', 'TOSFullAccess']);
    expect(cloudUser(h.sim, 'ivy')?.policies).toEqual(['TOSFullAccess@p3,p1', 'ArkFullAccess@p1']);
    expect(h.sim.callCount('AttachUserPolicy')).toBe(0);
    expect(await rows()).toEqual([
      { project: 'p1', sub: 'ivy', monitored: true, policies: ['ArkFullAccess', 'TOSFullAccess'] },
    ]);
    const audit = await withReader(h.deps.db, (m) =>
      h.deps.repos.audit.list(m, { targetId: ivy.id, action: 'project.add' }),
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).toContain('ArkFullAccess');
  });

  it('refuses a project already monitored for another sub-account, naming it', async () => {
    await addProject(h.deps, { actor: admin, subAccountId: ivy.id, projectName: 'p1' });
    const err = await addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p1' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConflictError);
    expect(wordsOf(err)).toMatch(/monitored for sub-account ivy/);
    expect(cloudUser(h.sim, 'jon')?.policies).toEqual([]);
    await expect(
      addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'nope' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('two sub-accounts racing for one project: one gets it, the other is refused before anything is attached', async () => {
    const [a, b] = await Promise.allSettled([
      addProject(h.deps, { actor: admin, subAccountId: ivy.id, projectName: 'p2' }),
      addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p2' }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    const lost = (a.status === 'rejected' ? a : b) as PromiseRejectedResult;
    const loser = a.status === 'rejected' ? 'ivy' : 'jon';
    const winner = loser === 'ivy' ? 'jon' : 'ivy';
    expect(lost.reason).toBeInstanceOf(ConflictError);
    expect(cloudUser(h.sim, loser)?.policies.filter((p) => p.includes('p2'))).toEqual([]);
    expect(cloudUser(h.sim, winner)?.policies).toEqual(expect.arrayContaining(['ArkFullAccess@p2']));
    expect(await rows()).toEqual([expect.objectContaining({ project: 'p2', sub: winner })]);
  });

  it('an attach failing midway (unknown policy) detaches what was attached: no half-attached project on either side', async () => {
    await updateSettings(h.deps, {
      actor: admin,
      patch: { defaultProjectPolicies: ['ArkFullAccess', 'NoSuchPolicy', 'TOSFullAccess'] },
    });
    const err = await addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p2' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProjectAttachError);
    expect((err as ProjectAttachError).code).toBe('not_found');
    expect(wordsOf(err)).toMatch(
      /attaching NoSuchPolicy in project p2 failed; ArkFullAccess detached again; the project was not added: \S/,
    );
    expect(wordsOf(err)).not.toMatch(/_not_found|\{"/);
    expect(cloudUser(h.sim, 'jon')?.policies).toEqual([]);
    expect(await rows()).toEqual([]);
    expect(await auditActions(h.deps, jon.id)).toEqual([
      'subaccount.import',
      'project.add',
      'project.add_rolled_back',
    ]);
  });

  it('an outage on the second attach is rolled back too; the project can be added once it passes', async () => {
    proxy = await startFaultProxy(h.sim.url);
    useEndpoint(h, proxy.url);
    proxy.failWhen(
      (_action, _body, q) =>
        q.get('Action') === 'AttachPolicyInProject' && q.get('PolicyName') === 'TOSFullAccess',
    );
    const err = await addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p2' }).catch(
      (e: unknown) => e,
    );
    expect((err as ProjectAttachError).code).toBe('upstream');
    expect(cloudUser(h.sim, 'jon')?.policies).toEqual([]);
    expect(await rows()).toEqual([]);

    proxy.failWhen(null);
    await addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p2' });
    expect(cloudUser(h.sim, 'jon')?.policies).toEqual(['ArkFullAccess@p2', 'TOSFullAccess@p2']);
  });

  it('when the rollback cannot detach either, the project stays recorded with exactly that; removing it cleans up', async () => {
    proxy = await startFaultProxy(h.sim.url);
    useEndpoint(h, proxy.url);
    proxy.failWhen((_action, _body, q) =>
      q.get('Action') === 'AttachPolicyInProject'
        ? q.get('PolicyName') === 'TOSFullAccess'
        : q.get('Action') === 'DetachPolicyInProject',
    );
    const err = await addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p2' }).catch(
      (e: unknown) => e,
    );
    expect(wordsOf(err)).toMatch(/detaching ArkFullAccess failed too/);
    expect(cloudUser(h.sim, 'jon')?.policies).toEqual(['ArkFullAccess@p2']);
    expect(await rows()).toEqual([
      { project: 'p2', sub: 'jon', monitored: true, policies: ['ArkFullAccess'] },
    ]);

    proxy.failWhen(null);
    const removed = await removeProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p2' });
    expect(removed.detached.map((p) => p.policyName)).toEqual(['ArkFullAccess']);
    expect(cloudUser(h.sim, 'jon')?.policies).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('removal detaches exactly the recorded policies; one the user held before stays', async () => {
    const added = await addProject(h.deps, { actor: admin, subAccountId: ivy.id, projectName: 'p3' });
    expect(added.attached.map((p) => p.policyName)).toEqual(['ArkFullAccess']);
    expect(added.alreadyHeld.map((p) => p.policyName)).toEqual(['TOSFullAccess']);
    const r = await removeProject(h.deps, { actor: admin, subAccountId: ivy.id, projectName: 'p3' });
    expect(r.detached.map((p) => p.policyName)).toEqual(['ArkFullAccess']);
    expect(cloudUser(h.sim, 'ivy')?.policies).toEqual(['TOSFullAccess@p3']);
    expect(await rows()).toEqual([]);
    const audit = await withReader(h.deps.db, (m) =>
      h.deps.repos.audit.list(m, { targetId: ivy.id, action: 'project.remove' }),
    );
    expect(JSON.stringify(audit[0]!.after)).toContain('ArkFullAccess');
  });

  it('a removal failing midway keeps recording what is still attached; the retry finishes', async () => {
    await addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p1' });
    proxy = await startFaultProxy(h.sim.url);
    useEndpoint(h, proxy.url);
    proxy.failWhen(
      (_action, _body, q) =>
        q.get('Action') === 'DetachPolicyInProject' && q.get('PolicyName') === 'TOSFullAccess',
    );
    await expect(
      removeProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p1' }),
    ).rejects.toThrow(/InternalError/);
    expect(await rows()).toEqual([
      { project: 'p1', sub: 'jon', monitored: true, policies: ['TOSFullAccess'] },
    ]);
    proxy.failWhen(null);
    await removeProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p1' });
    expect(cloudUser(h.sim, 'jon')?.policies).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('toggles one project or all of them, auditing only real changes', async () => {
    await addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p1' });
    await addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p2' });
    expect(
      (await toggleProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p1' })).project
        .monitored,
    ).toBe(false);
    expect(
      (
        await toggleProject(h.deps, {
          actor: admin,
          subAccountId: jon.id,
          projectName: 'p1',
          monitored: false,
        })
      ).changed,
    ).toBe(false);
    expect((await rows()).map((r) => r.monitored)).toEqual([false, true]);
    expect(await toggleAllProjects(h.deps, { actor: admin, subAccountId: jon.id, monitored: false })).toEqual(
      { changed: ['p2'], total: 2 },
    );
    expect(await toggleAllProjects(h.deps, { actor: admin, subAccountId: jon.id, monitored: true })).toEqual({
      changed: ['p1', 'p2'],
      total: 2,
    });
    expect((await auditActions(h.deps, jon.id)).filter((a) => a.startsWith('project.toggle'))).toEqual([
      'project.toggle',
      'project.toggle_all',
      'project.toggle_all',
    ]);
    await expect(
      toggleProject(h.deps, { actor: admin, subAccountId: ivy.id, projectName: 'p1' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists the Volcengine projects with the sub-account each is watched for', async () => {
    await addProject(h.deps, { actor: admin, subAccountId: jon.id, projectName: 'p2' });
    const list = await listVolcProjects(h.deps, { accountId: h.accountId });
    expect(
      list
        .filter((p) => p.projectName !== 'default')
        .map((p) => [p.projectName, p.subAccount?.userName ?? null]),
    ).toEqual([
      ['p1', null],
      ['p2', 'jon'],
      ['p3', null],
    ]);
  });
});
