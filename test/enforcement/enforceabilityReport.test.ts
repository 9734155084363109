import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/repos/transaction.js';
import { enforceabilityReport } from '../../src/services/enforcement/enforceabilityReport.js';
import { loadUserDetail } from '../../src/feishu/chat/user.js';
import { attachUserPolicy } from '../../src/volc/actions/policies.js';
import { dbKinds } from '../support/databases.js';
import { MODEL, openArkWorld, type ArkWorld } from './support.js';

describe.each(dbKinds())('the enforceability report of a sub-account, on %s', (kind) => {
  let a: ArkWorld | undefined;
  afterEach(async () => {
    await a?.close();
    a = undefined;
  });

  it('names the all-resources key, the preset endpoint in use and the account-wide policy; the sub-account card shows it', async () => {
    a = await openArkWorld(kind);
    const x = a;
    // a call by Model ID brings the preset endpoint into the project
    expect(x.w.volc.ark.call('/api/v3/chat/completions', x.key, { model: MODEL, messages: [] }).status).toBe(
      200,
    );
    await attachUserPolicy(x.direct, { UserName: 'ua', PolicyName: 'ArkFullAccess', PolicyType: 'System' });
    const sub = await x.w.sub('ua');
    const r = await enforceabilityReport(x.w.deps, sub);
    expect(r).not.toBeNull();
    expect(r!.projects).toHaveLength(1);
    const p = r!.projects[0]!;
    expect(p.project).toBe('pa');
    expect(p.customEndpoints).toEqual([x.endpoint]);
    expect(p.presetEndpoints).toHaveLength(1);
    expect(p.presetEndpoints[0]).toMatch(/^ep-m-/);
    expect(p.allResourceKeys).toEqual(['team-key']);
    expect(r!.accountWidePolicies).toEqual(['ArkFullAccess']);
    // temporary keys: 30 days from now at most
    expect(r!.temporaryKeysValidUntil.getTime() - x.w.deps.clock.now().getTime()).toBe(2_592_000_000);

    const view = await loadUserDetail(x.w.deps, sub.id);
    expect(view.enforceability?.accountWidePolicies).toEqual(['ArkFullAccess']);
  });

  it('is null for a sub-account that monitors no project, and when Volcengine cannot be reached', async () => {
    a = await openArkWorld(kind);
    const x = a;
    const idle = await x.w.addSub('ub', []);
    expect(await enforceabilityReport(x.w.deps, idle)).toBeNull();
    expect((await loadUserDetail(x.w.deps, idle.id)).enforceability).toBeNull();
    // the account's credential is gone: the card still comes, without the report
    await inTransaction(x.w.deps.db, async (tx) => {
      const acc = (await x.w.deps.repos.accounts.findById(tx, x.w.accountId))!;
      await x.w.deps.repos.accounts.updateIfVersion(
        tx,
        acc.id,
        acc.version,
        { endpoint: 'http://127.0.0.1:9' },
        x.w.deps.clock.now(),
      );
    });
    const sub = await x.w.sub('ua');
    const r = await enforceabilityReport(x.w.deps, sub);
    // unreachable: each project says it could not be read (a report, not a failure)
    expect(r === null || r.projects.every((p) => p.error !== null)).toBe(true);
  });
});
