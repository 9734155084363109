import { afterEach, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { MODEL, cycleUntil, openArkWorld, type ArkWorld } from './support.js';

describe.each(dbKinds())('the watch’s disable card on %s', (kind) => {
  let a: ArkWorld | undefined;
  afterEach(async () => {
    await a?.close();
    a = undefined;
  });

  it('says what AirGate cannot stop: the preset endpoint in use and the all-resources key', async () => {
    a = await openArkWorld(kind, { settings: { arkThrottlePercent: 0 } });
    const x = a;
    // A call by Model ID brings a preset endpoint into the project; no stop reaches it.
    expect(x.w.volc.ark.call('/api/v3/chat/completions', x.key, { model: MODEL, messages: [] }).status).toBe(
      200,
    );
    await cycleUntil(x, async () => (await x.w.sub('ua')).status === 'disabled');
    await x.w.deliver();
    const title = (m: { card?: unknown }) =>
      (m.card as { header?: { title?: { content?: string } } } | undefined)?.header?.title?.content;
    const disabled = x.w.feishu.messages({}).filter((m) => title(m) === 'ua 额度用完，已自动禁用');
    expect(disabled.length).toBeGreaterThan(0);
    const card = JSON.stringify(disabled[0]!.card);
    expect(card).toContain('预置接入点');
    expect(card).toMatch(/ep-m-/);
    expect(card).toContain('team-key');
  });
});
