import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sim/sandbox.js';
import { sandboxBurner } from '../../src/sim/sandboxSeed.js';

const HOUR = 3_600_000;

// burner spends about ¥50 an hour: ¥30 on Ark (which the usage estimate sees within the hour) and ¥20 on
// other products (which only the bill shows). Its cards must not show the Ark part alone as its rate.
describe('the burn rate of a team spending on Ark and on other products', () => {
  let dir: string;
  let sb: Sandbox;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airgate-sandbox-mixed-'));
    sb = await startSandbox({ port: 0, dataDir: dir, logLevel: 'silent' });
  });
  afterAll(async () => {
    await sb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the whole rate the bill and the estimate show, not the Ark estimate alone', async () => {
    for (let step = 0; step < 8; step++) {
      const r = await sb.advance(HOUR);
      if (r.disabled.includes(sandboxBurner.user)) break;
    }
    for (let i = 0; i < 50 && (await sb.deps.outbox.stats(sb.deps.db)).pending > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    const rates = sb.feishu
      .messages({ chatId: sb.group.chatId })
      .map((m) => JSON.stringify(m.card ?? ''))
      .filter((t) => t.includes(sandboxBurner.user) && t.includes('已用到额度的'))
      .map((t) => /消费速度\s*\**¥([\d,.]+)\/小时/.exec(t)?.[1])
      .filter((r): r is string => !!r)
      .map((r) => Number(r.replace(/,/g, '')));
    expect(rates.length).toBeGreaterThan(0);
    // The later alerts have hours of history behind them: close to ¥50/h, never the ¥30 of Ark alone.
    expect(rates.at(-1)).toBeGreaterThan(40);
  });

  it("states the overspend a rate from the bill allows with the bill's lag, not the usage's minutes", async () => {
    const ratios = sb.feishu
      .messages({ chatId: sb.group.chatId })
      .map((m) => JSON.stringify(m.card ?? ''))
      .filter((t) => t.includes('已用到额度的'))
      .map((t) => {
        const rate = /消费速度\s*\**¥([\d,.]+)\/小时/.exec(t)?.[1];
        const over = /最多可能再多 ¥([\d,.]+)/.exec(t)?.[1];
        return rate && over ? Number(over.replace(/,/g, '')) / Number(rate.replace(/,/g, '')) : null;
      })
      .filter((r): r is number => r !== null);
    expect(ratios.length).toBeGreaterThan(0);
    // No sandbox team's rate is the Ark estimate's alone (burner's is the bill's, the others use no Ark):
    // the overspend is the rate × (the sandbox bill's hour of lag + the 10-minute interval), never 40 minutes.
    for (const r of ratios) expect(r).toBeGreaterThanOrEqual(1);
  });
});
