import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import { ConflictError, UnauthorizedError, UsageError } from '../../src/errors.js';
import type { Actor } from '../../src/policies/actor.js';
import { createApiKey } from '../../src/services/apiKeys/createApiKey.js';
import { listApiKeys } from '../../src/services/apiKeys/listApiKeys.js';
import { revokeApiKey } from '../../src/services/apiKeys/revokeApiKey.js';
import { verifyApiKey } from '../../src/services/apiKeys/verifyApiKey.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { dbKinds } from '../support/databases.js';
import { openHarness, type Harness } from './harness.js';

const admin: Actor = { kind: 'feishu', openId: 'ou_admin', roles: ['admin'] };

describe.each(dbKinds())('API keys on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => void (h = await openHarness(kind)));
  afterAll(async () => h?.close());

  it('shows the key once, stores only its hash, and verifies it as an actor with its scopes', async () => {
    const created = await createApiKey(h.deps, { actor: admin, name: 'crm', scopes: ['request', 'read'] });
    expect(created.key).toMatch(/^ag_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.scopes).toEqual(['read', 'request']);
    const actor = await verifyApiKey(h.deps, created.key);
    expect(actor).toEqual({ kind: 'apiKey', keyId: created.id, name: 'crm', scopes: ['read', 'request'] });

    const rows = (await withReader(h.deps.db, (m) => m.query('SELECT * FROM api_keys'))) as Array<
      Record<string, unknown>
    >;
    expect(JSON.stringify(rows)).not.toContain(created.key.slice(12));
    const audits = JSON.stringify(await listAudit(h.deps, {}));
    expect(audits).not.toContain(created.key.slice(12));
    const listed = await listApiKeys(h.deps);
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(12));
    expect(listed.find((k) => k.id === created.id)?.lastUsedAt?.toISOString()).toBe(
      h.clock.now().toISOString(),
    );
  });

  it('refuses missing, malformed, unknown, altered and revoked keys with the same message', async () => {
    const created = await createApiKey(h.deps, { actor: admin, name: 'erp', scopes: ['read'] });
    const altered = created.key.slice(0, -1) + (created.key.endsWith('A') ? 'B' : 'A');
    const unknown = `ag_00000000_${'A'.repeat(43)}`;
    const messages = new Set<string>();
    for (const presented of [undefined, '', 'Bearer x', created.prefix, altered, unknown]) {
      const err = await verifyApiKey(h.deps, presented).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnauthorizedError);
      messages.add((err as Error).message);
    }
    expect(messages.size).toBe(1);

    expect((await revokeApiKey(h.deps, { actor: admin, key: 'erp' })).alreadyRevoked).toBe(false);
    await expect(verifyApiKey(h.deps, created.key)).rejects.toThrow(UnauthorizedError);
    expect((await revokeApiKey(h.deps, { actor: admin, key: created.id })).alreadyRevoked).toBe(true);
    // The name is free again once revoked.
    await createApiKey(h.deps, { actor: admin, name: 'erp', scopes: ['read'] });
  });

  it('revokes a key named by its visible prefix, and reports the whole key', async () => {
    const created = await createApiKey(h.deps, { actor: admin, name: 'by-prefix', scopes: ['read'] });
    const revoked = await revokeApiKey(h.deps, { actor: admin, key: created.prefix });
    expect(revoked).toMatchObject({
      id: created.id,
      name: 'by-prefix',
      prefix: created.prefix,
      alreadyRevoked: false,
    });
    expect(revoked.createdBy).toBeTruthy();
    expect(revoked.createdAt).toBeInstanceOf(Date);
    await expect(verifyApiKey(h.deps, created.key)).rejects.toThrow(UnauthorizedError);
  });

  it('refuses a bad name, unknown scopes and a second active key of one name', async () => {
    await expect(createApiKey(h.deps, { actor: admin, name: 'has space', scopes: ['read'] })).rejects.toThrow(
      UsageError,
    );
    await expect(createApiKey(h.deps, { actor: admin, name: 'x', scopes: ['root'] })).rejects.toThrow(
      UsageError,
    );
    await expect(createApiKey(h.deps, { actor: admin, name: 'x', scopes: [] })).rejects.toThrow(UsageError);
    await createApiKey(h.deps, { actor: admin, name: 'dup', scopes: ['read'] });
    await expect(createApiKey(h.deps, { actor: admin, name: 'dup', scopes: ['read'] })).rejects.toThrow(
      ConflictError,
    );
  });
});
