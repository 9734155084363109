import { afterEach, describe, expect, it } from 'vitest';
import { startEndpoint, updateEndpoint } from '../../src/volc/actions/ark.js';
import { detachPolicyInProject } from '../../src/volc/actions/projects.js';
import { dbKinds } from '../support/databases.js';
import {
  callEndpoint,
  cycle,
  cycleUntil,
  denyProjects,
  endpointState,
  openArkWorld,
  records,
  titles,
  type ArkWorld,
} from './support.js';

const FAILED = 'ua 的方舟停用未能全部完成';
const cards = (a: ArkWorld) =>
  a.w.feishu.messages({ chatId: 'oc_watch_alerts' }).map((m) => JSON.stringify(m.card));

describe.each(dbKinds())('Ark levers that fail, and hands that undo them, on %s', (kind) => {
  let a: ArkWorld | undefined;
  afterEach(async () => {
    await a?.close();
    a = undefined;
  });

  it.each([
    { action: 'StopEndpoint', lever: 'stop' },
    { action: 'AttachPolicyInProject', lever: 'deny' },
    { action: 'UpdateApiKey', lever: 'regen' },
  ])(
    'a failing $action is reported with what still spends and retried next cycle',
    async ({ action, lever }) => {
      a = await openArkWorld(kind, { settings: { arkThrottlePercent: 0, arkRegenKeys: lever === 'regen' } });
      const x = a;
      x.proxy.failWhen((act) => act === action);
      await cycleUntil(x, async () => (await x.w.sub('ua')).status === 'disabled');
      const r = await cycle(x);
      expect(
        r.summary.failures.some((f) => f.subAccount === 'ua' && f.reason.startsWith(`ark ${lever}`)),
      ).toBe(true);
      const row = (await records(x)).find((c) => c.lever === lever)!;
      expect(row.state).toBe('pending');
      expect(row.attempts).toBeGreaterThanOrEqual(1);
      expect(titles(x).filter((t) => t === FAILED)).toHaveLength(1);
      const failedCard = cards(x).find((c) => c.includes(FAILED))!;
      expect(failedCard).toContain(row.target);
      if (lever === 'stop') expect(callEndpoint(x).status).toBe(200);

      x.proxy.failWhen(null);
      await cycle(x);
      expect((await records(x)).find((c) => c.lever === lever)!.state).toBe('applied');
      if (lever === 'stop') expect(endpointState(x.w.volc, x.endpoint).status).not.toBe('Running');
      if (lever === 'deny') expect(denyProjects(x.w.volc)).toEqual(['pa']);
      expect(callEndpoint(x).status).toBeGreaterThanOrEqual(400);
    },
  );

  it('a failing throttle is retried next cycle', async () => {
    a = await openArkWorld(kind, {
      settings: { arkThrottlePercent: 50 },
      rateLimit: { rpm: 900, tpm: 900_000 },
    });
    const x = a;
    x.proxy.failWhen((act) => act === 'UpdateEndpoint');
    await cycleUntil(x, async () => (await records(x)).some((c) => c.lever === 'throttle'));
    expect(endpointState(x.w.volc, x.endpoint).rateLimit.Rpm).toBe(900);
    x.proxy.failWhen(null);
    await cycle(x);
    expect(endpointState(x.w.volc, x.endpoint).rateLimit.Rpm).toBe(10);
    expect((await records(x))[0]!.previous).toEqual({ RateLimit: { Rpm: 900, Tpm: 900_000 } });
  });

  it('a restore whose StartEndpoint fails keeps its record, is retried, and is announced once when done', async () => {
    a = await openArkWorld(kind, { settings: { arkThrottlePercent: 0 } });
    const x = a;
    await cycleUntil(x, async () => (await x.w.sub('ua')).status === 'disabled');
    x.proxy.failWhen((act) => act === 'StartEndpoint');
    await x.w.allocate(x.subId, '200');
    const r = await cycle(x);
    expect((await x.w.sub('ua')).status).toBe('active');
    expect(r.summary.failures.some((f) => f.action === 'enable' && f.reason.startsWith('ark stop'))).toBe(
      true,
    );
    expect(endpointState(x.w.volc, x.endpoint).status).not.toBe('Running');
    expect((await records(x)).map((c) => c.lever)).toEqual(['stop']);
    expect(denyProjects(x.w.volc)).toEqual([]);
    x.proxy.failWhen(null);
    await cycle(x);
    await cycle(x);
    expect(endpointState(x.w.volc, x.endpoint).status).toBe('Running');
    expect(await records(x)).toEqual([]);
    expect(titles(x).filter((t) => t === 'ua 已充值，方舟消费已恢复')).toHaveLength(1);
  });

  it('an endpoint started again and the Deny detached by hand while stopped are undone next cycle', async () => {
    a = await openArkWorld(kind, { settings: { arkThrottlePercent: 0 } });
    const x = a;
    await cycleUntil(x, async () => (await x.w.sub('ua')).status === 'disabled');
    await startEndpoint(x.direct, { Id: x.endpoint });
    await detachPolicyInProject(x.direct, {
      PrincipalType: 'User',
      PrincipalName: 'ua',
      PolicyName: 'AirGateArkStopDeny',
      PolicyType: 'Custom',
      ProjectName: ['pa'],
    });
    expect(callEndpoint(x).status).toBe(200);
    await cycle(x);
    expect(endpointState(x.w.volc, x.endpoint).status).not.toBe('Running');
    expect(denyProjects(x.w.volc)).toEqual(['pa']);
    expect(callEndpoint(x).code).toBe('InvalidEndpoint.ClosedEndpoint');
    expect(titles(x)).toContain('ua 的方舟停用被手动撤销，已重新停止');
    // the allocation still restores it, once
    await x.w.allocate(x.subId, '200');
    await cycle(x);
    expect(endpointState(x.w.volc, x.endpoint).status).toBe('Running');
  });

  it('a rate limit raised by hand while throttled is lowered again, the first recorded limit kept', async () => {
    a = await openArkWorld(kind, {
      settings: { arkThrottlePercent: 50 },
      rateLimit: { rpm: 900, tpm: 900_000 },
    });
    const x = a;
    await cycleUntil(x, async () => endpointState(x.w.volc, x.endpoint).rateLimit.Rpm === 10);
    await updateEndpoint(x.direct, { Id: x.endpoint, RateLimit: { Rpm: 5000, Tpm: 5_000_000 } });
    await cycle(x);
    expect(endpointState(x.w.volc, x.endpoint).rateLimit).toEqual({ Rpm: 10, Tpm: 20_000 });
    expect((await records(x))[0]!.previous).toEqual({ RateLimit: { Rpm: 900, Tpm: 900_000 } });
  });
});
