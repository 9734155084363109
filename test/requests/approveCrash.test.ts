import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps, type Deps } from '../../src/deps.js';
import { withReader } from '../../src/db/repos/transaction.js';
import type { SubAccountDto } from '../../src/db/repos/subAccounts.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { ClickResult, SimMessage } from '../../src/sim/feishu/server.js';
import { captureLogs } from '../support/app.js';
import { dbKinds } from '../support/databases.js';
import {
  botMessages,
  callbackValues,
  cardText,
  clickApprove,
  say,
  settled,
  valueOf,
  waitFor,
} from '../bot/support/chat.js';
import {
  givenOrgChart,
  givenSettings,
  givenSubAccount,
  startWorld,
  type Person,
  type World,
} from '../bot/support/world.js';

/** Where the Approve job redraws the clicked card with the click's token, right after its decision commits. */
const DELAYED_UPDATE = '/open-apis/interactive/v1/card/update';
/** Longer than the inbox's claim on a job (5 min): a job whose process died is then taken up by the sweep. */
const CLAIM_RUN_OUT_MS = 6 * 60_000;
type Doomed = {
  url: string;
  deps: Deps;
  /** Whether the process has died (its database connections closed). */
  crashed(): boolean;
  close(): Promise<void>;
};

/**
 * A second AirGate over the world's database, whose Feishu traffic goes through a line the test holds. The
 * moment it asks Feishu to redraw a card with a click's delayed-update token — what the Approve job does
 * right after its decision's transaction commits — the process dies: its database connections are closed
 * under it, that request is never answered and nothing of it reaches Feishu afterwards. Its outbox relay is
 * stopped from the start: the worst case for recovery, the process sent nothing of the decision before it
 * died (no copy patched, no outcome message).
 */
async function startDoomed(w: World): Promise<Doomed> {
  /** The process behind the line (set once it is built, which needs the line's address). */
  const proc: { deps?: Deps } = {};
  let dead = false;
  let crashed = false;
  const held: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const line = createServer((req, res) => {
    if (dead) return void req.socket.destroy();
    if ((req.url ?? '').startsWith(DELAYED_UPDATE)) {
      dead = true;
      held.push(res);
      void proc.deps!.db.destroy().finally(() => (crashed = true));
      return;
    }
    const target = new URL(req.url ?? '/', w.feishu.url);
    const up = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  line.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => line.listen(0, '127.0.0.1', r));
  const lineUrl = `http://127.0.0.1:${(line.address() as AddressInfo).port}`;

  const config = { ...w.config, feishu: { ...w.config.feishu, baseUrl: lineUrl } };
  const { log } = captureLogs('debug');
  const deps = createDeps(config, { log, clock: { now: () => new Date(w.feishu.now()) } });
  proc.deps = deps;
  deps.feishu?.router.setBotOpenId(w.feishu.bot.openId);
  let server: RunningServer | undefined;
  try {
    server = await startServer(deps, { port: 0, host: '127.0.0.1', migrate: false, scheduler: false });
    await deps.feishu!.relay.stop();
  } catch (err) {
    await server?.close().catch(() => undefined);
    line.close();
    throw err;
  }
  const running = server;
  return {
    url: running.url,
    deps,
    crashed: () => crashed,
    close: async () => {
      dead = true;
      // What the dead process still waits for fails; its server and pool (closed already) are put away.
      for (const res of held) res.destroy();
      for (const s of sockets) s.destroy();
      await new Promise((r) => line.close(r));
      await running.close().catch(() => undefined);
    },
  };
}

async function allocations(w: World, sub: SubAccountDto) {
  const chain = await withReader(w.deps.db, (m) => w.deps.repos.ledger.chain(m, sub.id));
  return chain.filter((e) => e.quotaRequestId !== null).map((e) => e.amount.toString());
}

/** Every copy of the request's card the bot posted (the approvers' DMs, the reply to the requester). */
function copiesOf(w: World, requestId: string): SimMessage[] {
  return w.feishu
    .messages({ from: 'bot' })
    .filter((m) => callbackValues(m.card).some((v) => v.req === requestId));
}

/** Whether the message, as Feishu shows it now (patches applied), still offers 「批准」. */
const offersApprove = (w: World) => (m: SimMessage) =>
  callbackValues((w.feishu.message(m.messageId) ?? m).card).some((v) => v.a === 'request.approve');

/**
 * `who` clicks 「批准」 (approving `amount`) on `copy`, taken by a process that dies right after the decision
 * commits (startDoomed). Returns the click's answer once that process is dead and put away, with Feishu's
 * events going to the world's process again. The world's relay stays stopped (it sent nothing meanwhile):
 * `restart` starts it.
 */
async function clickThenCrash(w: World, who: Person, copy: SimMessage, amount: string): Promise<ClickResult> {
  await w.deps.feishu!.relay.stop();
  const doomed = await startDoomed(w);
  try {
    w.feishu.setEventUrl(`${doomed.url}/feishu/events`);
    const res = await clickApprove(w, who, copy, amount);
    await waitFor('the process to die after the decision', () => doomed.crashed() || undefined);
    return res;
  } finally {
    w.feishu.setEventUrl(`${w.airgate.url}/feishu/events`);
    await doomed.close();
  }
}

/** The world's process takes over: its relay runs, and once the dead process's claim on the job runs out the inbox's sweep reruns it. */
async function restart(w: World): Promise<void> {
  w.deps.feishu!.relay.start();
  await w.feishu.advance(CLAIM_RUN_OUT_MS);
  await w.deps.feishu!.processor.sweep();
  await settled(w);
}

describe.each(dbKinds())('Approve, when the process dies between the decision and the card (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    // No alert chat: the card goes to each approver by DM (Ann's and Bob's copies) and answers the requester.
    w = await startWorld(kind);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('allocates once after the restart; every copy shows the approval and the requester is told once', async () => {
    const offers = offersApprove(w);
    const sub = await givenSubAccount(w, { userName: 'crash-a', owner: 'lead', quota: '100' });
    await say(w, 'lead', '申请 crash-a 300 训练');
    const annCopy = await waitFor('Ann’s copy of the card', () =>
      botMessages(w, { dmOf: 'approver' }).find((m) => cardText(m.card).includes('crash-a') && offers(m)),
    );
    const approve = valueOf(annCopy.card, 'request.approve');
    const requestId = String(approve.req);
    await waitFor('Bob’s copy of the card', () =>
      botMessages(w, { dmOf: 'approver2' }).find((m) =>
        callbackValues(m.card).some((v) => v.req === requestId),
      ),
    );
    await settled(w);
    const pending = await withReader(w.deps.db, (m) => w.deps.repos.quotaRequests.findById(m, requestId));
    // Three copies offer 「批准」: Ann's, Bob's and the answer to Leo's message.
    const copies = copiesOf(w, requestId);
    expect(copies.filter(offers)).toHaveLength(3);
    const leadDms = () =>
      botMessages(w, { dmOf: 'lead' }).filter((m) => cardText(m.card).includes('你的额度申请已批准'));
    expect(leadDms()).toHaveLength(0);

    // The process that takes Ann's click dies right after committing the decision. The world's own
    // process is the one started afterwards over the same database: until then it sends nothing.
    const res = await clickThenCrash(w, 'approver', annCopy, '300');
    expect(res.error).toBeUndefined();
    expect(res.toast?.content).toContain('正在批准 ¥300.00');
    // What people see while it is down: the decision is taken (committed once), but no copy shows it yet.
    const decided = await withReader(w.deps.db, (m) => w.deps.repos.quotaRequests.findById(m, requestId));
    expect(decided?.status).toBe('approved');
    expect(await allocations(w, sub)).toEqual(['300']);
    expect(copies.filter(offers)).toHaveLength(3);
    expect(leadDms()).toHaveLength(0);

    // Restarted, before its relay has sent the dead process's patches (the relay's pace would let them go
    // within a fraction of a second: the clicks must not race them). Bob and Ann, whose copies still offer
    // 「批准」, click them: told Ann approved, nothing more.
    const bobCopy = botMessages(w, { dmOf: 'approver2' }).find((m) =>
      copies.some((c) => c.messageId === m.messageId),
    )!;
    const bob = await clickApprove(w, 'approver2', bobCopy, '300');
    expect(bob.toast?.content).toContain('这项申请已由 Ann Approver');
    const again = await clickApprove(w, 'approver', annCopy, '300');
    expect(again.toast?.content).toContain('这项申请已由 Ann Approver');
    expect(await allocations(w, sub)).toEqual(['300']);
    // Each click redraws the copy it was made on: they show Ann's approval at once, with nothing left to
    // click. Leo's copy, which nobody clicked, waits for the patch.
    for (const clicked of [bobCopy, annCopy]) {
      expect(offers(clicked)).toBe(false);
      expect(cardText(w.feishu.message(clicked.messageId)!.card)).toContain('Ann Approver');
    }
    expect(copies.filter(offers)).toHaveLength(1);

    // Once the dead process's claim on the job runs out, the inbox's sweep runs the decision again.
    await restart(w);
    await waitFor('every copy redrawn', () => (copies.some(offers) ? undefined : true));
    await settled(w);

    expect(await allocations(w, sub)).toEqual(['300']);
    for (const copy of copies) {
      const now = w.feishu.message(copy.messageId)!;
      expect(cardText(now.card)).toContain('Ann Approver');
      expect(cardText(now.card)).toContain('¥400.00');
      // The crashed redraw never reached Feishu; the restart patched each copy once, after the clicks'
      // redraws of Bob's and Ann's.
      const clicked = [bobCopy, annCopy].some((c) => c.messageId === copy.messageId);
      expect(now.updates.map((u) => u.via)).toEqual(clicked ? ['callback', 'patch'] : ['patch']);
    }
    expect(leadDms()).toHaveLength(1);
    expect(cardText(leadDms()[0]!.card)).toContain('¥400.00');
    // Ann was told nothing went wrong: no "retrying" or "stopped" message.
    expect(botMessages(w, { dmOf: 'approver' }).filter((m) => (m.text ?? '').includes('crash-a'))).toEqual(
      [],
    );
    expect((await w.deps.feishu!.inbox.get(`decide:${requestId}:v${pending!.version}`))?.status).toBe('done');

    // Later sweeps change nothing: no second allocation, patch or message.
    await restart(w);
    expect(await allocations(w, sub)).toEqual(['300']);
    for (const copy of copies)
      expect(w.feishu.message(copy.messageId)!.updates).toHaveLength(
        [bobCopy, annCopy].some((c) => c.messageId === copy.messageId) ? 2 : 1,
      );
    expect(leadDms()).toHaveLength(1);
  });

  // A route step records no clicked copy (publishStepInTx leaves it to the click's redraw), so the rerun
  // after the crash knows the step was this click's from the step's approver. Before, it patched only on
  // `cardMessageId` and the leader's copy kept "第 1/2 步：等待 Val Viewer" with 「批准」 until Ada decided.
  it('shows the leader’s step on the leader’s copy after a crash between the step and the redraw', async () => {
    const offers = offersApprove(w);
    // 研发中心 (leader: Ada) ⊃ 平台组 (leader: Val): above ¥1,000 Val approves first, then Ada.
    givenOrgChart(w);
    const sub = await givenSubAccount(w, { userName: 'crash-step', owner: 'lead', quota: '100' });
    await givenSettings(w, {
      approverDepartments: { [sub.id]: 'platform' },
      approvalEscalateAbove: '1000',
    });
    await say(w, 'lead', '申请 crash-step 1500 训练');
    const toVal = await waitFor('Val’s copy of the card', () =>
      botMessages(w, { dmOf: 'viewer' }).find((m) => cardText(m.card).includes('crash-step') && offers(m)),
    );
    expect(cardText(toVal.card)).toContain('第 1/2 步：等待 Val Viewer');
    await settled(w);

    const res = await clickThenCrash(w, 'viewer', toVal, '1200');
    expect(res.toast?.content).toContain('正在批准 ¥1,200.00');
    const requestId = String(valueOf(toVal.card, 'request.approve').req);
    const taken = await withReader(w.deps.db, (m) => w.deps.repos.quotaRequests.findById(m, requestId));
    expect(taken?.stepApprovals).toHaveLength(1);

    await restart(w);
    // Ada is asked, once, with the step shown.
    const step = '第 1/2 步：Val Viewer已同意（金额改为 ¥1,200.00），等待 Ada Admin';
    await waitFor('Ada’s copy', () =>
      botMessages(w, { dmOf: 'admin' }).find((m) => cardText(m.card).includes(step)),
    );
    expect(
      botMessages(w, { dmOf: 'admin' }).filter((m) => cardText(m.card).includes('crash-step')),
    ).toHaveLength(1);
    expect(await allocations(w, sub)).toEqual([]);
    // Val's own copy shows that his step is taken, as it does without the crash (test/approval/routeCard).
    await waitFor(
      'Val’s copy showing his step',
      () => cardText(w.feishu.message(toVal.messageId)!.card).includes(step) || undefined,
      3_000,
    );
  });
});
