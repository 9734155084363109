import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps } from '../../src/deps.js';
import { createLogger } from '../../src/log/logger.js';
import { revokeApiKey } from '../../src/services/apiKeys/revokeApiKey.js';
import { dbKinds } from '../support/databases.js';
import { givenKey, givenSubAccount, openApiHarness, writeState, type ApiHarness } from './support.js';

describe.each(dbKinds())('REST API keys and scopes on %s', (kind) => {
  let h: ApiHarness;
  let subName: string;
  beforeAll(async () => {
    h = await openApiHarness(kind);
    subName = (await givenSubAccount(h.deps, { projects: { web: '1.5' } })).userName;
  });
  afterAll(async () => h?.close());

  it('answers /healthz and the OpenAPI document without a key', async () => {
    expect((await h.call('/healthz')).status).toBe(200);
    const doc = await h.call('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
  });

  it('refuses a request without a key with 401 problem+json and a Bearer challenge', async () => {
    const res = await h.call('/api/v1/subaccounts');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({
      status: 401,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
  });

  it.each([
    ['a malformed key', 'not-a-key'],
    ['an unknown well-formed key', `ag_0000abcd_${'A'.repeat(43)}`],
    ['a Basic scheme', null],
  ])('refuses %s with 401 and never echoes it', async (_what, presented) => {
    const res =
      presented === null
        ? await h.call('/api/v1/subaccounts', { headers: { authorization: 'Basic dXNlcjpwYXNz' } })
        : await h.call('/api/v1/subaccounts', { key: presented });
    expect(res.status).toBe(401);
    if (presented) expect(res.text).not.toContain(presented);
  });

  it('refuses a real key with a wrong secret part, saying nothing about the key', async () => {
    const { key, prefix } = await givenKey(h.deps, ['read']);
    const wrong = `${key.slice(0, -4)}${key.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const res = await h.call('/api/v1/subaccounts', { key: wrong });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(prefix);
    expect(res.text).not.toContain(wrong.slice(12));
  });

  it('stops accepting a key on the very next request after it is revoked', async () => {
    const { key, id } = await givenKey(h.deps, ['read']);
    expect((await h.call(`/api/v1/subaccounts/${subName}`, { key })).status).toBe(200);
    await revokeApiKey(h.deps, { actor: { kind: 'cli', osUser: 'ops' }, key: id });
    const res = await h.call(`/api/v1/subaccounts/${subName}`, { key });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(key);
    expect(res.text).not.toContain(id);
  });

  it('refuses a key revoked from another process (the CLI) on its very next request (S3)', async () => {
    const { key, id } = await givenKey(h.deps, ['read']);
    expect((await h.call(`/api/v1/subaccounts/${subName}`, { key })).status).toBe(200);
    // `airgate apikey revoke` runs in its own process, with its own connection to the same database.
    const cli = createDeps(
      { ...loadConfig({}), database: h.deps.config.database },
      { log: createLogger('silent'), clock: h.clock },
    );
    await initDeps(cli, { migrate: false });
    try {
      await revokeApiKey(cli, { actor: { kind: 'cli', osUser: 'ops' }, key: id });
    } finally {
      await closeDeps(cli);
    }
    const res = await h.call(`/api/v1/subaccounts/${subName}`, { key });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(key);
  });

  it('answers 403 naming the missing scope when a request-only key reads sub-accounts', async () => {
    const { key } = await givenKey(h.deps, ['request']);
    const res = await h.call('/api/v1/subaccounts', { key });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.requiredScopes).toContain('read');
    expect((await h.call('/api/v1/alerts', { key })).status).toBe(403);
  });

  it('answers 403 and files nothing when a read-only key asks for quota', async () => {
    const { key } = await givenKey(h.deps, ['read']);
    const before = await writeState(h.deps);
    const res = await h.call('/api/v1/quota-requests', {
      method: 'POST',
      key,
      json: { subaccount: subName, amount: '10', reason: 'x' },
    });
    expect(res.status).toBe(403);
    expect(res.body.requiredScopes).toContain('request');
    expect(await writeState(h.deps)).toBe(before);
  });

  // GET /subaccounts/{name} reads the sub-account in the same statement as the key (RouteSpec.prefetch):
  // whatever that statement found must not reach a caller the key check or the policy refuses.
  it.each([
    ['an unknown well-formed key', async () => `ag_0000abcd_${'A'.repeat(43)}`],
    [
      'a real key with a wrong secret part',
      async () => {
        const { key } = await givenKey(h.deps, ['read']);
        return `${key.slice(0, -4)}${key.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      },
    ],
    [
      'a revoked key',
      async () => {
        const { key, id } = await givenKey(h.deps, ['read']);
        await revokeApiKey(h.deps, { actor: { kind: 'cli', osUser: 'ops' }, key: id });
        return key;
      },
    ],
  ])('shows nothing of a sub-account to %s (401)', async (_what, presented) => {
    const res = await h.call(`/api/v1/subaccounts/${subName}`, { key: await presented() });
    expect(res.status).toBe(401);
    expect(res.body).not.toHaveProperty('projects');
    expect(res.text).not.toContain('1.5');
  });

  it('shows nothing of a sub-account to a key without the read scope (403)', async () => {
    const { key } = await givenKey(h.deps, ['request']);
    const res = await h.call(`/api/v1/subaccounts/${subName}`, { key });
    expect(res.status).toBe(403);
    expect(res.body.requiredScopes).toContain('read');
    expect(res.body).not.toHaveProperty('projects');
    expect(res.text).not.toContain('1.5');
  });

  it('checks the key before judging a sub-account name', async () => {
    const tooLong = 'x'.repeat(201);
    expect((await h.call(`/api/v1/subaccounts/${tooLong}`)).status).toBe(401);
    const { key } = await givenKey(h.deps, ['read']);
    const res = await h.call(`/api/v1/subaccounts/${tooLong}`, { key });
    expect(res.status).toBe(400);
    expect((await h.call('/api/v1/subaccounts/nobody-here', { key })).status).toBe(404);
  });

  it('checks the key before revealing whether a path exists', async () => {
    expect((await h.call('/api/v1/nothing-here')).status).toBe(401);
    const { key } = await givenKey(h.deps, ['read']);
    const res = await h.call('/api/v1/nothing-here', { key });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const wrongMethod = await h.call('/api/v1/subaccounts', { key, method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });
});
