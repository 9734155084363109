import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDeps } from '../../../src/deps.js';
import type { Actor } from '../../../src/policies/actor.js';
import { checkAdmins } from '../../../src/services/doctor/adminsCheck.js';
import { addMember } from '../../../src/services/members/addMember.js';
import { feishuActor } from '../../../src/services/members/feishuActor.js';
import { removeMember } from '../../../src/services/members/removeMember.js';
import { dbKinds } from '../../support/databases.js';
import { openHarness, type Harness } from '../harness.js';

const cli: Actor = { kind: 'cli', osUser: 'ops' };

describe.each(dbKinds())('AIRGATE_ADMINS seeding on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind, { admins: ['ou_boss', 'ou_boss2'] })));
  afterAll(async () => h?.close());

  it('keeps a demoted admin demoted across restarts and CLI commands', async () => {
    expect((await feishuActor(h.deps, 'ou_boss')).roles).toEqual(['admin']);
    await addMember(h.deps, { actor: cli, openId: 'ou_boss', roles: ['viewer'] });
    await initDeps(h.deps, { migrate: false });
    await initDeps(h.deps, { migrate: false });
    expect((await feishuActor(h.deps, 'ou_boss')).roles).toEqual(['viewer']);
  });

  it('does not bring back an admin removed with member remove', async () => {
    await addMember(h.deps, { actor: cli, openId: 'ou_ops', roles: ['admin'] });
    await removeMember(h.deps, { actor: cli, openId: 'ou_boss2' });
    await initDeps(h.deps, { migrate: false });
    expect((await feishuActor(h.deps, 'ou_boss2')).roles).toEqual([]);
  });

  it('doctor warns when no admin is left, and passes with one', async () => {
    expect(await checkAdmins({ deps: h.deps, dbReady: true })).toMatchObject([
      { id: 'admins', status: 'pass' },
    ]);
    await addMember(h.deps, { actor: cli, openId: 'ou_ops', roles: ['viewer'] });
    const [c] = await checkAdmins({ deps: h.deps, dbReady: true });
    expect(c).toMatchObject({ id: 'admins', status: 'warn' });
    expect(c!.detail.en).toContain('no member has the admin role');
  });
});
