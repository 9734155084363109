import { afterEach, describe, expect, it } from 'vitest';
import { getEndpoint } from '../../src/volc/actions/ark.js';
import { dbKinds } from '../support/databases.js';
import {
  callEndpoint,
  cycle,
  cycleUntil,
  endpointState,
  openArkWorld,
  records,
  type ArkWorld,
} from './support.js';

/**
 * An endpoint with no RateLimit before AirGate throttled it must come back with no effective limit,
 * whatever RateLimit 0/0 means on the real service (unverified: "no limit" or "refuse every call").
 */
describe.each(dbKinds())('restoring an endpoint that had no rate limit, on %s', (kind) => {
  let a: ArkWorld | undefined;
  afterEach(async () => {
    await a?.close();
    a = undefined;
  });

  for (const zero of ['unlimited', 'block'] as const) {
    it(`serves the traffic again after throttle, stop and allocation when 0 means ${zero}`, async () => {
      a = await openArkWorld(kind, {
        quota: '10',
        settings: { arkThrottlePercent: 50, arkThrottleRpm: 5, arkThrottleTpm: 9000 },
      });
      const x = a;
      x.w.volc.ark.settings({ rateLimitZeroMeans: zero });
      const before = await getEndpoint(x.direct, { Id: x.endpoint });
      await cycleUntil(x, async () => (await x.w.sub('ua')).status === 'disabled');
      expect(endpointState(x.w.volc, x.endpoint).rateLimit).toEqual({ Rpm: 5, Tpm: 9000 });
      await x.w.allocate(x.subId, '500');
      await cycle(x);
      expect(await records(x)).toEqual([]);
      expect(endpointState(x.w.volc, x.endpoint).status).toBe('Running');
      // more calls in one minute than the throttle allowed: none refused
      for (let i = 0; i < 8; i++) expect(callEndpoint(x).status).toBe(200);
      const after = await getEndpoint(x.direct, { Id: x.endpoint });
      if (zero === 'unlimited') expect(after.RateLimit).toEqual(before.RateLimit);
      else expect(after.RateLimit?.Rpm ?? Infinity).toBeGreaterThan(1_000_000);
    });

    it(`puts back a limit that was there exactly when 0 means ${zero}`, async () => {
      a = await openArkWorld(kind, {
        quota: '10',
        settings: { arkThrottlePercent: 50, arkThrottleRpm: 5, arkThrottleTpm: 9000 },
        rateLimit: { rpm: 1000, tpm: 2_000_000 },
      });
      const x = a;
      x.w.volc.ark.settings({ rateLimitZeroMeans: zero });
      await cycleUntil(x, async () => endpointState(x.w.volc, x.endpoint).rateLimit?.Rpm === 5);
      await x.w.allocate(x.subId, '500');
      await cycle(x);
      expect(endpointState(x.w.volc, x.endpoint).rateLimit).toEqual({ Rpm: 1000, Tpm: 2_000_000 });
    });
  }
});
