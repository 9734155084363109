import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMiddleware } from '../../src/api/mount.js';
import { withReader } from '../../src/db/repos/transaction.js';
import { statementsRepo } from '../../src/db/repos/statements.js';
import { toMicro } from '../../src/domain/micro.js';
import { monthlyStatementJob } from '../../src/jobs/workers/monthlyStatement.js';
import { createApiKey } from '../../src/services/apiKeys/createApiKey.js';
import { updateSettings } from '../../src/services/settings/updateSettings.js';
import { getStatements } from '../../src/services/statements/getStatements.js';
import { statementCsv, statementSpending } from '../../src/services/statements/lines.js';
import { STATEMENT_TABLE_NAME } from '../../src/services/statements/toBase.js';
import { z } from 'zod';
import { volcRequest } from '../../src/volc/catalog.js';
import { DOCUMENTED_SCOPES } from '../../src/sim/feishu/scopes.js';
import { dbKinds } from '../support/databases.js';
import { admin, openWatchWorld, simUser, type WatchWorld } from '../watch/support.js';

type SimBase = {
  appToken: string;
  tables: Array<{ name: string; tableId: string; records: Array<{ fields: Record<string, unknown> }> }>;
};

describe.each(dbKinds())('month-end statement (%s)', (kind) => {
  let w: WatchWorld;
  let appToken: string;
  const bases = async () => (await (await fetch(`${w.feishu.url}/__sim/bitable/bases`)).json()) as SimBase[];

  beforeAll(async () => {
    w = await openWatchWorld(kind, {
      start: '2026-11-10T00:00:00Z',
      seed: {
        projects: [{ projectName: 'p-alpha' }, { projectName: 'p-beta' }, { projectName: 'p-orphan' }],
        users: [simUser('alice'), simUser('bob')],
        burns: [
          { project: 'p-alpha', ratePerHour: '1.234567', noise: 0.3 },
          { project: 'p-beta', ratePerHour: '0.5', noise: 0.2 },
          { project: 'p-orphan', ratePerHour: '0.333333' },
        ],
        oddBillRows: true,
      },
    });
    w.feishu.setScopes([...DOCUMENTED_SCOPES, 'bitable:app']);
    appToken = (
      (await (
        await fetch(`${w.feishu.url}/__sim/bitable/bases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Finance' }),
        })
      ).json()) as { appToken: string }
    ).appToken;
    await updateSettings(w.deps, { actor: admin, patch: { statementBaseAppToken: appToken } });
    await w.addSub('alice', ['p-alpha'], { quota: '500' });
    await w.addSub('bob', ['p-beta'], { quota: '40' });
    await w.check();
    await w.advance(5 * 86_400_000);
    await w.check();
    await w.allocate((await w.sub('alice')).id, '120.5');
    await w.advance(15 * 86_400_000);
    await w.check();
    await w.deliver();
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('writes nothing before the bill is final (day 5, 10:00 Shanghai) and says when it will be', async () => {
    w.volc.advance(Date.parse('2026-12-05T01:59:00Z') - w.volc.now().getTime());
    await monthlyStatementJob(w.deps);
    expect(await withReader(w.deps.db, (m) => statementsRepo.listByPeriod(m, '2026-11'))).toEqual([]);
    await expect(getStatements(w.deps, '2026-11')).rejects.toThrow(/statement_not_final/);
  });

  it('writes the statement once the bill is final: its spending adds up to the split bill exactly', async () => {
    w.volc.advance(2 * 60_000);
    await monthlyStatementJob(w.deps);
    const [st] = await getStatements(w.deps, '2026-11');
    expect(st).toBeDefined();
    let billed = 0n;
    // Every row of the month's split bill, read one by one (not grouped per day as AirGate reads it).
    const client = await w.deps.volc(w.accountId);
    const page = z
      .object({ List: z.array(z.object({ PayableAmount: z.string() }).loose()), Total: z.coerce.number() })
      .loose();
    for (let offset = 0, total = 1; offset < total; offset += 300) {
      const p = await client.call(
        volcRequest('ListSplitBillDetail', {
          BillPeriod: '2026-11',
          Limit: 300,
          Offset: offset,
          NeedRecordNum: 1,
        }),
        page,
      );
      total = p.Total;
      for (const row of p.List) billed += toMicro(row.PayableAmount)!;
    }
    expect(billed).toBeGreaterThan(0n);
    expect(statementSpending(st!.lines)).toBe(billed);
    expect(toMicro(st!.totalSpending)).toBe(billed);
    // Every sub-account's month closes: start + allocations − deductions − spending = remaining.
    for (const l of st!.lines.filter((x) => x.kind === 'sub_account')) {
      const [a, b, c, d, e] = [l.quotaStart, l.allocations, l.deductions, l.spending, l.remaining].map((v) =>
        toMicro(v ?? '0')!,
      );
      expect(a! + b! - c! - d!).toBe(e);
    }
    const alice = st!.lines.find((l) => l.kind === 'sub_account' && l.subAccount === 'alice')!;
    expect(alice.allocations).toBe('620.500000');
    expect(
      st!.lines.some((l) => l.kind === 'project' && l.subAccount === '' && l.project === 'p-orphan'),
    ).toBe(true);
    console.log(
      `\n--- airgate statement 2026-11 (${kind}) ---\n` +
        statementCsv([{ period: st!.period, account: st!.account, lines: st!.lines }]),
    );
  });

  it('posts one summary card in the alert chat and writes every line to the Base table', async () => {
    await w.deliver();
    expect(w.chatCards().filter((t) => t.includes('2026-11'))).toHaveLength(1);
    const table = (await bases())
      .find((b) => b.appToken === appToken)!
      .tables.find((t) => t.name === STATEMENT_TABLE_NAME)!;
    const [st] = await getStatements(w.deps, '2026-11');
    expect(table.records).toHaveLength(st!.lines.length);
    expect(st!.base).toMatchObject({ state: 'written', error: null });
    const sum = table.records
      .filter((r) => r.fields['类型'] === '项目')
      .reduce((a, r) => a + toMicro(String(r.fields['本月消费']))!, 0n);
    expect(sum).toBe(toMicro(st!.totalSpending));
  });

  it('is rerun-safe: a second run writes no second statement, card or record', async () => {
    const before = (await bases()).flatMap((b) => b.tables).reduce((a, t) => a + t.records.length, 0);
    await monthlyStatementJob(w.deps);
    await w.deliver();
    expect(await withReader(w.deps.db, (m) => statementsRepo.listByPeriod(m, '2026-11'))).toHaveLength(1);
    expect(w.chatCards().filter((t) => t.includes('2026-11'))).toHaveLength(1);
    expect((await bases()).flatMap((b) => b.tables).reduce((a, t) => a + t.records.length, 0)).toBe(before);
  });

  it('serves it at GET /api/v1/statements/2026-11 to a read key, and refuses a bad month', async () => {
    const koa = new Koa();
    koa.use(apiMiddleware(w.deps));
    const server = createServer(koa.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { key } = await createApiKey(w.deps, { actor: admin, name: 'finance', scopes: ['read'] });
      const get = (p: string) => fetch(`${url}${p}`, { headers: { authorization: `Bearer ${key}` } });
      const ok = await get('/api/v1/statements/2026-11');
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { items: Array<{ totalSpending: string; lines: unknown[] }> };
      const [st] = await getStatements(w.deps, '2026-11');
      expect(body.items[0]!.totalSpending).toBe(st!.totalSpending);
      expect(body.items[0]!.lines).toHaveLength(st!.lines.length);
      expect((await get('/api/v1/statements/2026-13')).status).toBe(400);
      expect((await get('/api/v1/statements/2027-01')).status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe.each(dbKinds())('month-end statement to a Base that refuses (%s)', (kind) => {
  let w: WatchWorld;
  beforeAll(async () => {
    w = await openWatchWorld(kind, {
      start: '2026-11-28T00:00:00Z',
      seed: { projects: [{ projectName: 'p-alpha' }], burns: [{ project: 'p-alpha', ratePerHour: '2' }] },
      settings: { statementBaseAppToken: 'bascnUnknown00000001' },
    });
    await w.addSub('alice', ['p-alpha'], { quota: '100' });
    w.volc.advance(Date.parse('2026-12-05T03:00:00Z') - w.volc.now().getTime());
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('keeps the statement, reports the refusal (missing scope, then unknown Base) and retries next run', async () => {
    await monthlyStatementJob(w.deps);
    let [st] = await getStatements(w.deps, '2026-11');
    expect(st!.base.state).toBe('pending');
    expect(st!.base.error).toMatch(/99991672/);
    w.feishu.setScopes([...DOCUMENTED_SCOPES, 'bitable:app']);
    await monthlyStatementJob(w.deps);
    [st] = await getStatements(w.deps, '2026-11');
    expect(st!.base.error).toMatch(/1254040/);
    const base = (await (
      await fetch(`${w.feishu.url}/__sim/bitable/bases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Finance', appToken: 'bascnUnknown00000001' }),
      })
    ).json()) as { appToken: string };
    expect(base.appToken).toBe('bascnUnknown00000001');
    await monthlyStatementJob(w.deps);
    [st] = await getStatements(w.deps, '2026-11');
    expect(st!.base).toMatchObject({ state: 'written', error: null });
  });
});
