import { afterEach, describe, expect, it } from 'vitest';
import { checkArkEnforceability } from '../../src/services/doctor/arkChecks.js';
import { dbKinds } from '../support/databases.js';
import { cycle, MODEL, openArkWorld, type ArkWorld } from './support.js';

describe.each(dbKinds())('airgate doctor, Ark part, on %s', (kind) => {
  let a: ArkWorld | undefined;
  afterEach(async () => {
    await a?.close();
    a = undefined;
  });

  it('names the preset endpoint and the "all resources" key nobody can stop, the unverified guesses, and unattributed spending', async () => {
    a = await openArkWorld(kind, { quota: '1000', otherProjects: ['orphan'] });
    const x = a;
    // the team also calls a model by its Model ID (a preset endpoint) with its "all resources" key
    x.w.volc.ark.addTraffic({ apiKey: x.key, target: MODEL, callsPerMinute: 1, label: 'preset' });
    const ep = String(x.w.volc.ark.createEndpoint({ project: 'orphan', model: MODEL })['Id']);
    const k = x.w.volc.ark.createKey({ project: 'orphan' });
    x.w.volc.ark.addTraffic({ apiKey: k.apiKey, target: ep, callsPerMinute: 5, label: 'orphan' });
    await cycle(x);
    await cycle(x);
    const checks = await checkArkEnforceability({
      config: x.w.deps.config,
      deps: x.w.deps,
      dbReady: true,
      timeoutMs: 5000,
    });
    const byId = new Map(checks.map((c) => [c.id, c]));
    expect(byId.get('ark.unverified')!.detail.en).toContain('unverified');
    const ua = checks.find((c) => c.id.endsWith('.ua'))!;
    expect(ua.status).toBe('warn');
    expect(ua.detail.en).toMatch(/preset endpoints ep-m-\S+ cannot be stopped/);
    expect(ua.detail.en).toContain('"all resources" API keys team-key');
    const orphan = checks.find((c) => c.id.endsWith('.unattributed'))!;
    expect(orphan.status).toBe('warn');
    expect(orphan.detail.zh).toMatch(/orphan \d+\.\d\d/);
    expect(orphan.detail.en).not.toContain('pa ');
  });
});
