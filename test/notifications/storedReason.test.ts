import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors.js';
import { renderers } from '../../src/feishu/notifications/renderers.js';

// A service stores an error's message as an alert's reason; for a reasoned error that message is its log
// form ("account_not_found {…}"), which the card must put into the reader's words.
const stored = new NotFoundError({ reason: 'account_not_found', params: { name: 'main-a' } }).message;

describe('a stored refusal on an alert card', () => {
  it('reads as words in both languages, not as a code', () => {
    expect(stored).toMatch(/^account_not_found /);
    const view = {
      account: 'main-a',
      at: '2026-12-05T10:00:00.000Z',
      reason: stored,
      consecutive: 2,
      subAccounts: 3,
      lastCompleteAt: null,
    };
    for (const locale of ['zh', 'en'] as const) {
      const text = JSON.stringify(renderers['watch.syncError'](view, locale));
      expect(text).not.toContain('account_not_found');
      expect(text).toContain('main-a');
    }
  });

  it('leaves a Volcengine message as written', () => {
    const view = {
      sub: { id: 's', name: 'ua' },
      action: 'disable' as const,
      attempts: 2,
      reason: 'AccessDenied: not allowed',
      at: '2026-12-05T10:00:00.000Z',
    };
    expect(JSON.stringify(renderers['watch.enforcementFailed'](view, 'en'))).toContain(
      'AccessDenied: not allowed',
    );
  });
});
