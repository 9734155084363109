import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/api/mount.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';
import { revokeApiKey } from '../../src/services/apiKeys/revokeApiKey.js';
import { createQuotaRequest } from '../../src/services/requests/createQuotaRequest.js';
import { dbKinds } from '../support/databases.js';
import { drawRequest, operations, send, type KeyChoice } from './openapiRequests.js';
import type { JsonSchema, SchemaContext } from './schemaArbitraries.js';
import {
  givenAccount,
  givenAlert,
  givenKey,
  givenSubAccount,
  openApiHarness,
  writeState,
  type ApiHarness,
} from './support.js';

// ajv-formats is CommonJS with a default export; under NodeNext the callable is that default.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;

const RUNS = 200;

describe.each(dbKinds())('OpenAPI-driven fuzz of the REST API on %s', (kind) => {
  let h: ApiHarness;
  let doc: JsonSchema;
  const keys: Partial<Record<KeyChoice, string>> = {};
  const secrets: string[] = [];
  let known: Record<string, readonly unknown[]>;

  beforeAll(async () => {
    h = await openApiHarness(kind);
    const ops = { kind: 'cli', osUser: 'fuzz' } as const;
    const account = await givenAccount(h.deps, 'main-f');
    const subs = [
      await givenSubAccount(h.deps, {
        userName: 'ivy',
        accountId: account.id,
        projects: { web: '12.34', old: '3' },
        unmonitored: ['old'],
      }),
      await givenSubAccount(h.deps, {
        userName: 'jack',
        accountId: account.id,
        projects: { api: '99.999999' },
      }),
    ];
    await allocateQuota(h.deps, {
      actor: ops,
      subAccountId: subs[0]!.id,
      amount: parseAmount('250'),
      note: '',
      requestId: 'seed',
    });
    await givenAlert(h.deps, {
      subAccountId: subs[0]!.id,
      accountId: account.id,
      type: 'threshold',
      percent: '50',
    });
    const filed = await createQuotaRequest(h.deps, {
      actor: ops,
      subAccountId: subs[1]!.id,
      amount: parseAmount('5'),
      reason: 'seed',
    });
    for (const [choice, scopes] of [
      ['full', ['read', 'request']],
      ['read', ['read']],
      ['request', ['request']],
      ['revoked', ['read', 'request']],
    ] as const) {
      const k = await givenKey(h.deps, [...scopes]);
      keys[choice] = k.key;
      secrets.push(k.key, k.key.slice(12));
      if (choice === 'revoked') await revokeApiKey(h.deps, { actor: ops, key: k.id });
    }
    keys.garbage = `ag_deadbeef_${'x'.repeat(43)}`;
    known = {
      name: ['ivy', 'jack', 'main-f/ivy', 'nobody'],
      subaccount: ['ivy', 'jack', 'main-f/jack'],
      id: [filed.request.id],
      account: ['main-f'],
      type: ['threshold'],
      'Idempotency-Key': ['fuzz-1', 'fuzz-2'],
    };
    doc = (await h.call('/api/openapi.json')).body as JsonSchema;
  });
  afterAll(async () => h?.close());

  it('serves an OpenAPI 3.1 document whose schemas compile and that lists every operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    const ops = operations(doc);
    expect(ops.map((o) => o.operationId).sort()).toEqual(apiRoutes.map((r) => r.operationId).sort());
    for (const op of ops) {
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
      for (const schema of Object.values(op.responses)) expect(() => compile(schema)).not.toThrow();
      if (op.body) expect(() => compile(op.body!)).not.toThrow();
    }
  });

  it('finds no 5xx, changes nothing on a 4xx, refuses what the schema refuses, and answers as documented', async () => {
    const ctx: SchemaContext = { root: doc, known };
    const arb = fc.constantFrom(...operations(doc)).chain((op) => drawRequest(op, ctx));
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(arb, async (d) => {
        // "." and ".." are dot segments: any URL parser (fetch too) removes them before a request leaves.
        fc.pre(Object.values(d.params).every((v) => v !== '.' && v !== '..'));
        h.clock.advance(10_000);
        const before = await writeState(h.deps);
        const res = await send(h, d, keys);
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        expect(res.status, `${d.op.method} ${d.op.path} → ${res.text}`).toBeLessThan(500);
        for (const secret of secrets) expect(res.text).not.toContain(secret);
        const documented = d.op.responses[String(res.status)];
        expect(documented, `undocumented status ${res.status} for ${d.op.operationId}`).toBeDefined();
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(await writeState(h.deps)).toBe(before);
        }
        const check = compile(documented!);
        expect(check(res.body), JSON.stringify(check.errors)).toBe(true);
        const authorized = d.keyChoice === 'full';
        if (authorized && d.body && !compile(d.op.body!)(d.body.value)) expect(res.status).toBe(400);
      }),
      { numRuns: RUNS },
    );
    // The run reached the use cases, not only the validation.
    expect([...seen.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
    expect(seen.get(400) ?? 0).toBeGreaterThan(0);
  }, 180_000);

  const validators = new Map<JsonSchema, ValidateFunction>();
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: false }));
  function compile(schema: JsonSchema): ValidateFunction {
    let v = validators.get(schema);
    if (!v) validators.set(schema, (v = ajv.compile({ ...schema, components: doc.components })));
    return v;
  }
});
