import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import { ForbiddenError } from '../../src/errors.js';
import { isAllowed } from '../../src/policies/policies.js';
import type { Actor } from '../../src/policies/actor.js';
import { assertTurn, routePeople, stepState } from '../../src/services/requests/requestSteps.js';
import type { RequestRouteRecord } from '../../src/db/entities/quotaRequest.js';

const val: Actor = { kind: 'feishu', openId: 'ou_val', roles: [] };
const ada: Actor = { kind: 'feishu', openId: 'ou_ada', roles: ['admin'] };
const route: RequestRouteRecord = {
  source: 'department',
  department: { id: 'platform', name: '平台组' },
  leader: { openId: 'ou_val', name: 'Val' },
  upper: { openId: 'ou_ada', name: 'Ada' },
  escalateAbove: '1000',
  escalated: true,
  steps: [
    { openId: 'ou_val', name: 'Val' },
    { openId: 'ou_ada', name: 'Ada' },
  ],
  openIds: ['ou_val', 'ou_ada'],
};

describe('deciding a request on a department route', () => {
  it('lets a leader without the approver role decide the requests whose route names them, and only those', () => {
    const mine = {
      requester: 'feishu:ou_leo',
      route: routePeople({ route, stepApprovals: null, amount: money('1500') }),
    };
    expect(isAllowed(val, 'quota.approve', mine)).toBe(true);
    expect(isAllowed(val, 'quota.approve', { requester: 'feishu:ou_leo', route: ['ou_someone'] })).toBe(
      false,
    );
    expect(isAllowed(val, 'quota.approve', { requester: 'feishu:ou_leo' })).toBe(false);
    // Being on the route does not lift the two-person rule.
    expect(isAllowed(val, 'quota.approve', { requester: 'feishu:ou_val', route: ['ou_val'] })).toBe(false);
    // Nor does it grant anything else.
    expect(isAllowed(val, 'quota.allocate', mine)).toBe(false);
  });

  it('takes the steps in turn: the leader first, then the leader’s leader with the amount the leader let through', () => {
    const filed = { route, stepApprovals: null, amount: money('1500') };
    expect(() => assertTurn(ada, filed)).toThrow(ForbiddenError);
    expect(assertTurn(val, filed)).toMatchObject({ number: 1, last: false });
    const afterFirst = {
      ...filed,
      stepApprovals: [{ by: 'feishu:ou_val', at: '2026-12-01T00:00:00.000Z', amount: '1200', note: null }],
    };
    expect(() => assertTurn(val, afterFirst)).toThrow(ForbiddenError);
    const s = assertTurn(ada, afterFirst);
    expect(s).toMatchObject({ number: 2, last: true });
    expect(s.amount.toString()).toBe('1200');
    // The CLI and jobs act for the current step.
    expect(stepState(afterFirst).current?.name).toBe('Ada');
    expect(assertTurn({ kind: 'cli', osUser: 'ops' }, afterFirst).number).toBe(2);
  });
});
