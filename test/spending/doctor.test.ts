import { afterEach, describe, expect, it } from 'vitest';
import { checkFreshSpending } from '../../src/services/doctor/spendingChecks.js';
import { VolcClient } from '../../src/volc/client.js';
import { startSimulators, type Simulators } from '../support/simulators.js';

describe('doctor: the estimated layer’s actions', () => {
  let sims: Simulators | undefined;
  afterEach(async () => sims?.close());

  it('calls ListModelChargeItems and GetInferenceUsage and says they are permitted; a refused call fails clearly', async () => {
    sims = await startSimulators({
      volc: { seed: {}, clock: { mode: 'virtual', start: new Date('2026-05-10T04:00:00Z') } },
    });
    const client = new VolcClient({
      credentials: sims.volc.credentials,
      endpoint: sims.volc.url,
      retry: { maxAttempts: 1 },
    });
    const ok = await checkFreshSpending(client, 'default', sims.volc.now());
    expect(ok.map((c) => [c.id, c.status])).toEqual([
      ['volc.default.spending.ListModelChargeItems', 'pass'],
      ['volc.default.spending.GetInferenceUsage', 'pass'],
    ]);
    // Wrong secret: refused before any permission — the check fails with the reason, not a pass.
    const wrong = new VolcClient({
      credentials: { ...sims.volc.credentials, secretAccessKey: 'not-the-secret-0000000000000000' },
      endpoint: sims.volc.url,
      retry: { maxAttempts: 1 },
    });
    const bad = await checkFreshSpending(wrong, 'default', sims.volc.now());
    expect(bad.map((c) => c.status)).toEqual(['fail', 'fail']);
  });
});
