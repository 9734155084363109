import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../src/errors.js';
import { authorize, isAllowed, type Actor } from '../../src/policies/index.js';
import { wordsOf } from '../errors/refusalWords.js';

const admin: Actor = { kind: 'feishu', openId: 'ou_admin', roles: ['admin'] };
const approver: Actor = { kind: 'feishu', openId: 'ou_appr', roles: ['approver'] };
const lead: Actor = { kind: 'feishu', openId: 'ou_lead', roles: ['lead'] };
const viewer: Actor = { kind: 'feishu', openId: 'ou_view', roles: ['viewer'] };
const stranger: Actor = { kind: 'feishu', openId: 'ou_nobody', roles: [] };
const readKey: Actor = { kind: 'apiKey', keyId: 'k1', name: 'crm', scopes: ['read'] };
const requestKey: Actor = { kind: 'apiKey', keyId: 'k2', name: 'crm', scopes: ['read', 'request'] };
const allocateKey: Actor = { kind: 'apiKey', keyId: 'k3', name: 'ops', scopes: ['allocate'] };
const adminKey: Actor = { kind: 'apiKey', keyId: 'k4', name: 'ops', scopes: ['admin'] };
const cli: Actor = { kind: 'cli', osUser: 'ops' };
const system: Actor = { kind: 'system' };

describe('policies', () => {
  it.each([
    [admin, 'quota.allocate', {}, true],
    // Two-person rule: an approver decides requests; direct allocation and deduction are an admin's.
    [approver, 'quota.allocate', {}, false],
    [approver, 'quota.deduct', {}, false],
    [admin, 'quota.deduct', {}, true],
    [allocateKey, 'quota.allocate', {}, false],
    [adminKey, 'quota.deduct', {}, true],
    [approver, 'quota.approveAboveRequest', {}, false],
    [admin, 'quota.approveAboveRequest', {}, true],
    [cli, 'quota.approveAboveRequest', {}, true],
    [lead, 'quota.allocate', {}, false],
    [viewer, 'quota.view', {}, true],
    [stranger, 'quota.view', {}, false],
    [lead, 'quota.request', { ownerOpenId: 'ou_lead' }, true],
    [lead, 'quota.request', { ownerOpenId: 'ou_other' }, false],
    [lead, 'quota.request', {}, false],
    [viewer, 'quota.request', { ownerOpenId: 'ou_view' }, false],
    [approver, 'quota.request', { ownerOpenId: 'ou_other' }, true],
    [approver, 'quota.approve', { requester: 'feishu:ou_lead' }, true],
    [approver, 'quota.approve', { requester: 'feishu:ou_appr' }, false],
    [admin, 'member.manage', {}, true],
    [approver, 'member.manage', {}, false],
    [readKey, 'subaccount.view', {}, true],
    [readKey, 'quota.request', {}, false],
    [requestKey, 'quota.request', {}, true],
    [requestKey, 'quota.allocate', {}, false],
    [requestKey, 'apikey.manage', {}, false],
    [cli, 'account.manage', {}, true],
    [system, 'quota.allocate', {}, true],
  ] as const)('%o may %s on %o: %s', (actor, action, subject, expected) => {
    expect(isAllowed(actor, action, subject)).toBe(expected);
  });

  it('refuses with a ForbiddenError naming the role needed', () => {
    expect(() => authorize(lead, 'quota.allocate')).toThrow(ForbiddenError);
    expect(() => authorize(lead, 'quota.allocate')).toThrow(/needs role admin /);
    const own = (() => {
      try {
        authorize(approver, 'quota.approve', { requester: 'feishu:ou_appr' });
      } catch (err) {
        return wordsOf(err);
      }
      return '(allowed)';
    })();
    expect(own).toMatch(/不能审批自己提交的申请 \/ you cannot approve your own request/);
    expect(() => authorize(admin, 'quota.allocate')).not.toThrow();
  });
});
