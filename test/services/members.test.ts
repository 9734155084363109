import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, UsageError } from '../../src/errors.js';
import type { Actor } from '../../src/policies/actor.js';
import { isAllowed } from '../../src/policies/policies.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { addMember } from '../../src/services/members/addMember.js';
import { feishuActor } from '../../src/services/members/feishuActor.js';
import { listMembers } from '../../src/services/members/listMembers.js';
import { removeMember } from '../../src/services/members/removeMember.js';
import { seedAdmins } from '../../src/services/members/seedAdmins.js';
import { dbKinds } from '../support/databases.js';
import { openHarness, type Harness } from './harness.js';

const cli: Actor = { kind: 'cli', osUser: 'ops' };

describe.each(dbKinds())('members on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind, { admins: ['ou_boss', 'ou_boss2'] })));
  afterAll(async () => h?.close());

  it('creates the AIRGATE_ADMINS as admins on start-up, once', async () => {
    const admins = await listMembers(h.deps, { role: 'admin' });
    expect(admins.map((m) => m.openId)).toEqual(['ou_boss', 'ou_boss2']);
    expect(await seedAdmins(h.deps)).toEqual([]);
    const boss = await feishuActor(h.deps, 'ou_boss');
    expect(isAllowed(boss, 'member.manage')).toBe(true);
  });

  it('adds a member with roles, updates the roles, and audits both', async () => {
    const added = await addMember(h.deps, {
      actor: cli,
      openId: 'ou_lead1',
      name: '王组长',
      roles: ['lead'],
    });
    expect(added.created).toBe(true);
    expect(isAllowed(await feishuActor(h.deps, 'ou_lead1'), 'quota.approve')).toBe(false);
    const updated = await addMember(h.deps, { actor: cli, openId: 'ou_lead1', roles: ['lead', 'approver'] });
    expect(updated).toMatchObject({
      created: false,
      member: { name: '王组长', roles: ['approver', 'lead'] },
    });
    expect(isAllowed(await feishuActor(h.deps, 'ou_lead1'), 'quota.approve')).toBe(true);
    const audit = await listAudit(h.deps, { targetType: 'member', targetId: 'ou_lead1' });
    expect(audit.map((a) => a.action)).toEqual(['member.update', 'member.add']);
    expect(audit[0]).toMatchObject({ actor: 'cli:ops', before: { roles: ['lead'] } });
  });

  it('refuses unknown roles and malformed open_ids', async () => {
    await expect(addMember(h.deps, { actor: cli, openId: 'ou_x', roles: ['owner'] })).rejects.toThrow(
      UsageError,
    );
    await expect(addMember(h.deps, { actor: cli, openId: 'not-an-id', roles: ['viewer'] })).rejects.toThrow(
      UsageError,
    );
  });

  it('gives strangers no roles', async () => {
    expect((await feishuActor(h.deps, 'ou_stranger')).roles).toEqual([]);
  });

  it('removes members but never the last admin', async () => {
    await addMember(h.deps, { actor: cli, openId: 'ou_temp', roles: ['viewer'] });
    await removeMember(h.deps, { actor: cli, openId: 'ou_temp' });
    expect((await listMembers(h.deps)).map((m) => m.openId)).not.toContain('ou_temp');
    await removeMember(h.deps, { actor: cli, openId: 'ou_boss2' });
    await expect(removeMember(h.deps, { actor: cli, openId: 'ou_boss' })).rejects.toThrow(ConflictError);
  });
});
