import { afterEach, describe, expect, it } from 'vitest';
import { dashboardCard } from '../../cards/dashboard.js';
import { loadDashboard } from '../../src/feishu/chat/dashboard.js';
import { spendingLayersRepo } from '../../src/db/repos/spendingLayers.js';
import { inTransaction } from '../../src/db/repos/transaction.js';
import { money } from '../../src/domain/money.js';
import { checkEstimateError } from '../../src/services/doctor/estimateCheck.js';
import { dbKinds } from '../support/databases.js';
import { openWatchWorld, type WatchWorld } from '../watch/support.js';

describe.each(dbKinds())('airgate doctor and the dashboard: the estimate against the bill on %s', (kind) => {
  let w: WatchWorld;
  afterEach(async () => w?.close());

  it('pass before any bill was compared; then doctor warns naming the models off by more than 10 %, the dashboard lists every model', async () => {
    w = await openWatchWorld(kind);
    const ctx = { deps: w.deps, dbReady: true };
    expect((await checkEstimateError(ctx)).status).toBe('pass');
    expect(JSON.stringify(dashboardCard(await loadDashboard(w.deps), 'zh'))).not.toContain('估算偏差');

    await inTransaction(w.deps.db, async (tx) => {
      for (const [model, estimated] of [
        ['model-a', '120'],
        ['model-b', '97'],
      ] as const)
        await spendingLayersRepo.saveCalibration(tx, {
          accountId: w.accountId,
          model,
          ratio: money('100').div(money(estimated)).toDecimalPlaces(6),
          estimated: money(estimated),
          finalAmount: money('100'),
          lastDay: '2026-05-08',
          updatedAt: w.deps.clock.now(),
        });
    });
    const c = await checkEstimateError(ctx);
    expect(c.status).toBe('warn');
    expect(c.detail.zh).toContain('model-a +20%');
    expect(c.detail.zh).not.toContain('model-b');
    expect(c.detail.en).toContain('model-a +20%');
    // The dashboard card says it too, every model with its error.
    const dashboard = JSON.stringify(dashboardCard(await loadDashboard(w.deps), 'zh'));
    expect(dashboard).toContain('估算偏差：model-a +20%、model-b -3%（已校准）');
  });

  it('once a final bill was compared per project, doctor and the dashboard name the project and model', async () => {
    w = await openWatchWorld(kind);
    const ctx = { deps: w.deps, dbReady: true };
    await inTransaction(w.deps.db, async (tx) => {
      await spendingLayersRepo.saveCalibration(tx, {
        accountId: w.accountId,
        model: 'model-a',
        ratio: money('0.9'),
        estimated: money('110'),
        finalAmount: money('100'),
        lastDay: '2026-05-08',
        updatedAt: w.deps.clock.now(),
      });
      for (const [project, estimated] of [
        ['pa', '125'],
        ['pb', '101'],
      ] as const)
        await spendingLayersRepo.saveError(tx, {
          accountId: w.accountId,
          projectName: project,
          model: 'model-a',
          estimated: money(estimated),
          finalAmount: money('100'),
          lastDay: '2026-05-08',
          updatedAt: w.deps.clock.now(),
        });
    });
    const c = await checkEstimateError(ctx);
    expect(c.status).toBe('warn');
    expect(c.detail.zh).toContain('/pa/model-a +25%');
    expect(c.detail.zh).not.toContain('pb');
    // The model's figure over every project is not listed beside its projects' own.
    expect(c.detail.zh).not.toContain('+10%');
    const zh = JSON.stringify(dashboardCard(await loadDashboard(w.deps), 'zh'));
    expect(zh).toContain('估算偏差：pa 的 model-a +25%、pb 的 model-a +1%（已校准）');
    const en = JSON.stringify(dashboardCard(await loadDashboard(w.deps), 'en'));
    expect(en).toContain('model-a in pa +25%');
  });
});
