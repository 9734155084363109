import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  actionSchemas,
  actionValue,
  applyFormSchema,
  approveFormSchema,
  FORM_FIELDS,
  parseActionValue,
  settingsFormSchema,
} from '../../cards/lib/values.js';
import { callbackValues } from './support/cardValidator.js';
import { catalog } from './support/catalog.js';

const uuid = '0b6f1c5e-7d0a-4b8e-9a51-3c7e2f1d9a01';

describe('button values', () => {
  it('every value on every card survives the trip through Feishu (JSON) and parses to itself', () => {
    const seen = new Set<string>();
    for (const entry of catalog) {
      for (const value of callbackValues(entry.render('zh'))) {
        const back = parseActionValue(JSON.parse(JSON.stringify(value)));
        expect(back, JSON.stringify(value)).toEqual(value);
        seen.add(back!.a);
        expect(JSON.stringify(value).length, JSON.stringify(value)).toBeLessThan(160);
      }
    }
    // Every action a handler must answer is offered by some card, and no card offers anything else.
    expect([...seen].sort()).toEqual([...ACTION_IDS].sort());
  });

  it('round-trips generated values for the actions with fields', () => {
    const id = fc.stringMatching(/^[0-9a-f-]{1,64}$/);
    const page = fc.integer({ min: 1, max: 10_000 });
    fc.assert(
      fc.property(
        id,
        page,
        fc.boolean(),
        fc.string({ minLength: 1, maxLength: 64 }),
        (sub, p, on, project) => {
          for (const v of [
            actionValue('user.history', { sub, page: p }),
            actionValue('project.toggle', { sub, project, on }),
            actionValue('alerts.page', { page: p, type: 'threshold', sub }),
            actionValue('billing.open', { sub, month: '2025-06', page: p }),
          ]) {
            expect(parseActionValue(JSON.parse(JSON.stringify(v)))).toEqual(v);
          }
        },
      ),
    );
  });

  it.each([
    ['an unknown action', { a: 'quota.steal', v: 1 }],
    ['another version', { a: 'request.approve', v: 2, req: uuid }],
    ['an extra field', { a: 'request.approve', v: 1, req: uuid, amount: '1000000' }],
    ['a missing field', { a: 'request.approve', v: 1 }],
    ['a wrong type', { a: 'users.page', v: 1, page: '2' }],
    ['a page of 0', { a: 'users.page', v: 1, page: 0 }],
    ['an oversized id', { a: 'user.open', v: 1, sub: 'x'.repeat(65) }],
    ['a bad month', { a: 'billing.open', v: 1, month: '2025-13' }],
    ['a string', 'request.approve'],
    ['null', null],
  ])('refuses %s', (_what, raw) => {
    expect(parseActionValue(raw)).toBeNull();
  });

  it('has one schema per action id, each naming its own id', () => {
    for (const a of ACTION_IDS) expect(actionSchemas[a].shape.a.value).toBe(a);
  });
});

describe('form values', () => {
  it('reads the approval form as typed, leaving the amount for the domain parser', () => {
    const f = FORM_FIELDS.approve;
    expect(approveFormSchema.parse({ [f.amount]: '1万' })).toEqual({ [f.amount]: '1万', [f.note]: '' });
  });

  it('reads the apply and settings forms, with missing fields empty', () => {
    const a = FORM_FIELDS.apply;
    expect(applyFormSchema.parse({ [a.amount]: '500', [a.reason]: 'GPU' })).toEqual({
      [a.amount]: '500',
      [a.reason]: 'GPU',
    });
    const s = FORM_FIELDS.settings;
    const parsed = settingsFormSchema.parse({ [s.interval]: '5', [s.approvers]: ['ou_a'] });
    expect(parsed[s.interval]).toBe('5');
    expect(parsed[s.approvers]).toEqual(['ou_a']);
    expect(parsed[s.thresholds]).toBe('');
  });

  it('refuses a form value of the wrong shape', () => {
    expect(settingsFormSchema.safeParse({ [FORM_FIELDS.settings.approvers]: 'ou_a' }).success).toBe(false);
    expect(approveFormSchema.safeParse({ [FORM_FIELDS.approve.amount]: 5 }).success).toBe(false);
  });
});
