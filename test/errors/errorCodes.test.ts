import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../cards/i18n/index.js';
import { errorText, errorTextBoth } from '../../cards/lib/errorText.js';
import { problemFor } from '../../src/api/problem.js';
import { DecryptionError } from '../../src/crypto/secretBox.js';
import {
  ConfigError,
  ConflictError,
  ERROR_CODES,
  ERROR_REASONS,
  ForbiddenError,
  NotFoundError,
  QuotaExhaustedError,
  UnauthorizedError,
  UpstreamError,
  UsageError,
  codeOf,
  exitCodeFor,
  type ErrorCode,
} from '../../src/errors.js';
import { errorCard, errorToast } from '../../src/feishu/chat/errorCards.js';
import { createLogger } from '../../src/log/logger.js';
import { DatabaseUnavailableError } from '../../src/services/ops/waitForDatabase.js';

/** One error of each code, as the code is raised in AirGate (the type demands every code). */
const raised = {
  usage: () => new UsageError('bad / bad'),
  unauthorized: () => new UnauthorizedError('who / who'),
  forbidden: () => new ForbiddenError('no / no'),
  not_found: () => new NotFoundError({ reason: 'sub_account_not_found', params: { id: 'x' } }),
  conflict: () => new ConflictError({ reason: 'sync_running' }),
  quota_exhausted: () => new QuotaExhaustedError('empty / empty'),
  upstream: () => new UpstreamError('down / down', true),
  config: () => new ConfigError({ reason: 'encryption_key_missing' }),
  database_unavailable: () =>
    new DatabaseUnavailableError({
      reason: 'database_unavailable',
      params: { where: 'db', why: 'x', seconds: 1 },
    }),
  decryption_failed: () => new DecryptionError({ reason: 'sealed_tampered' }),
  internal: () => new TypeError('a bug'),
} satisfies Record<ErrorCode, () => Error>;

const silent = () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (c, _e, done) => void (lines.push(String(c)), done()) });
  return { log: createLogger('info', sink), lines };
};

describe('every error code has a deliberate answer on each transport', () => {
  it('raises each code as itself', () => {
    for (const code of ERROR_CODES) expect(codeOf(raised[code]())).toBe(code);
  });

  it('REST: a status per code; an unreachable database is 503, only a bug is the anonymous 500', () => {
    const want = {
      usage: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      quota_exhausted: 409,
      upstream: 503, // retryable: the error above says so
      config: 500,
      database_unavailable: 503,
      decryption_failed: 500,
      internal: 500,
    } satisfies Record<ErrorCode, number>;
    for (const code of ERROR_CODES) {
      const { log, lines } = silent();
      const { problem } = problemFor(raised[code](), 'req-1', log);
      expect({ code, status: problem.status }).toEqual({ code, status: want[code] });
      // Only an unknown error is anonymous; every code names itself. A bug and what only an operator can
      // fix are logged once with the stack; a refusal of the caller is not an error of the server.
      expect(problem.type).toBe(code === 'internal' ? 'about:blank' : `urn:airgate:problem:${code}`);
      const logged = ['internal', 'config', 'database_unavailable', 'decryption_failed'].includes(code);
      expect({ code, lines: lines.length }).toEqual({ code, lines: logged ? 1 : 0 });
    }
  });

  it('CLI: an exit code per code, 1 only for a bug or a secret that will not open', () => {
    const want = {
      usage: 2,
      config: 2,
      unauthorized: 3,
      forbidden: 3,
      not_found: 4,
      conflict: 5,
      quota_exhausted: 5,
      upstream: 6,
      database_unavailable: 6,
      decryption_failed: 1,
      internal: 1,
    } satisfies Record<ErrorCode, number>;
    for (const code of ERROR_CODES)
      expect({ code, exit: exitCodeFor[code] }).toEqual({ code, exit: want[code] });
  });

  it('chat: a card per code, the operator-side failures on the generic card with the request id', async () => {
    const want = {
      usage: 'Command not understood',
      conflict: 'Command not understood',
      quota_exhausted: 'Command not understood',
      forbidden: 'Command not understood', // a plain ForbiddenError names no role: the reason is shown
      not_found: 'sub-account not found',
      upstream: catalogs.en['upstream.title'],
      unauthorized: catalogs.en['internal.title'],
      config: catalogs.en['internal.title'],
      database_unavailable: catalogs.en['internal.title'],
      decryption_failed: catalogs.en['internal.title'],
      internal: catalogs.en['internal.title'],
    } satisfies Record<ErrorCode, string>;
    for (const code of ERROR_CODES) {
      const card = await errorCard(raised[code](), {
        requestId: 'req-9',
        locale: 'en',
        input: 'quota x',
        actor: undefined,
        command: undefined,
        suggestions: [],
        notFound: async () => ({ kind: 'subAccount', name: 'x', suggestions: [] }),
      });
      const title = JSON.stringify((card as { header?: unknown }).header);
      expect({ code, has: title.includes(want[code]) }).toEqual({ code, has: true });
    }
  });
  it('card clicks: a toast per code by the same table, a bug only as "failed" with the reference', () => {
    const want = {
      usage: 'bad',
      conflict: 'another sync ran at the same time; try again',
      quota_exhausted: 'empty',
      forbidden: 'no',
      not_found: 'sub-account not found: x',
      upstream: 'Volcengine is unavailable; please try again later (ref ev_123456789).',
      unauthorized: 'The action failed; please try again (ref ev_123456789).',
      config: 'The action failed; please try again (ref ev_123456789).',
      database_unavailable: 'The action failed; please try again (ref ev_123456789).',
      decryption_failed: 'The action failed; please try again (ref ev_123456789).',
      internal: 'The action failed; please try again (ref ev_123456789).',
    } satisfies Record<ErrorCode, string>;
    for (const code of ERROR_CODES) {
      const { log } = silent();
      const t = errorToast({ log }, raised[code](), {
        actor: { kind: 'feishu', openId: 'ou_x', roles: [] },
        locale: 'en',
        eventId: 'ev_1234567890abcdef',
        what: 'action test',
      });
      expect({ code, type: t.type, content: t.content }).toEqual({
        code,
        type: 'error',
        content: want[code],
      });
    }
  });
});

describe('service refusals are reasons; the edges put them into words', () => {
  it('has zh and en words for every reason and no words for a reason that is gone', () => {
    const keys = (l: 'zh' | 'en') => Object.keys(catalogs[l]).filter((k) => k.startsWith('error.'));
    const want = ERROR_REASONS.map((r) => `error.${r}`).sort();
    expect(keys('zh').sort()).toEqual(want);
    expect(keys('en').sort()).toEqual(want);
  });

  it('fills every placeholder of a reason from its parameters, in both languages', () => {
    for (const l of ['zh', 'en'] as const)
      for (const r of ERROR_REASONS) {
        const names = [...catalogs[l][`error.${r}`].matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const text = errorText(
          { message: r, refusal: { reason: r, params: Object.fromEntries(names.map((n) => [n!, 'P'])) } },
          l,
        );
        expect(text).not.toMatch(/\{\w+\}/);
      }
  });

  it('reads as it always did: the chat shows one language, REST and the CLI both', () => {
    const err = new NotFoundError({ reason: 'sub_account_name_not_found', params: { name: 'alice' } });
    expect(errorText(err, 'zh')).toBe('找不到子账号 alice');
    expect(errorText(err, 'en')).toBe('no sub-account named alice');
    expect(errorTextBoth(err)).toBe('找不到子账号 alice / no sub-account named alice');
    const { log } = silent();
    expect(problemFor(err, 'r', log).problem.detail).toBe('找不到子账号 alice / no sub-account named alice');
    const ambiguous = new ConflictError({
      reason: 'sub_account_ambiguous',
      params: { name: 'a', choices: ['m/a', 'n/a'] },
    });
    expect(errorTextBoth(ambiguous)).toBe(
      '有多个名为 a 的子账号，请写成 m/a 或 n/a / ambiguous name a, use m/a or n/a',
    );
  });

  it('still shows a sentence thrown by code not yet converted, half per language', () => {
    const err = new UsageError('请填写理由 / please give a reason');
    expect(errorText(err, 'zh')).toBe('请填写理由');
    expect(errorText(err, 'en')).toBe('please give a reason');
    expect(errorTextBoth(err)).toBe('请填写理由 / please give a reason');
  });
});
