import type { Deps } from '../../deps.js';
import { scrubString } from '../../log/redact.js';
import { readWatchStatus } from './watchStatus.js';

export type ReadinessCheck = { name: 'database' | 'cycle'; ok: boolean; detail: string; detailZh: string };
export type Readiness = { ready: boolean; checks: ReadinessCheck[] };

export type ReadinessOptions = {
  /** How long the database may take to answer before it counts as unreachable. */
  timeoutMs?: number;
  /** Seconds this process has been up (wall clock); before the first cycle, more than two intervals is stale. */
  uptimeSeconds?: number;
};

/**
 * Ready when the database answers and the spending watch is alive: its newest cycle (run by any process)
 * started no longer ago than two check intervals. Before the first cycle the install is ready ("no cycle
 * yet") unless this process has already been up for two intervals without one (no scheduler anywhere).
 */
export async function checkReadiness(
  deps: Pick<Deps, 'db' | 'clock'>,
  opts: ReadinessOptions = {},
): Promise<Readiness> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const database = await withTimeout(pingDatabase(deps), timeoutMs);
  if (!database.ok) {
    const why = database.error ?? `no answer within ${timeoutMs} ms`;
    return {
      ready: false,
      checks: [
        { name: 'database', ok: false, detail: `unreachable: ${why}`, detailZh: `数据库不可达：${why}` },
        {
          name: 'cycle',
          ok: false,
          detail: 'unknown (database unreachable)',
          detailZh: '未知（数据库不可达）',
        },
      ],
    };
  }
  const checks: ReadinessCheck[] = [{ name: 'database', ok: true, detail: 'reachable', detailZh: '可达' }];
  const status = await withTimeout(readWatchStatus(deps), timeoutMs);
  if (!status.ok) {
    const why = status.error ?? `no answer within ${timeoutMs} ms`;
    checks.push({
      name: 'cycle',
      ok: false,
      detail: `cannot read the cycle log (migrations pending?): ${why}`,
      detailZh: `无法读取巡检记录（数据库迁移未完成？）：${why}`,
    });
    return { ready: false, checks };
  }
  checks.push(cycleCheck(status.value, deps.clock.now(), opts.uptimeSeconds ?? process.uptime()));
  return { ready: checks.every((c) => c.ok), checks };
}

function cycleCheck(
  s: Awaited<ReturnType<typeof readWatchStatus>>,
  now: Date,
  uptimeSeconds: number,
): ReadinessCheck {
  const minutes = (ms: number) => Math.round(ms / 60_000);
  const every = minutes(s.intervalMs);
  if (!s.last) {
    const stale = uptimeSeconds * 1000 > 2 * s.intervalMs;
    return stale
      ? {
          name: 'cycle',
          ok: false,
          detail: `no cycle yet after ${minutes(uptimeSeconds * 1000)} min up (expected every ${every} min): is a scheduler running?`,
          detailZh: `已运行 ${minutes(uptimeSeconds * 1000)} 分钟仍无巡检（应每 ${every} 分钟一次）：定时任务是否在运行？`,
        }
      : { name: 'cycle', ok: true, detail: 'no cycle yet', detailZh: '尚无巡检' };
  }
  const ageMs = Math.max(0, now.getTime() - s.last.startedAt.getTime());
  const at = s.last.startedAt.toISOString();
  if (ageMs > 2 * s.intervalMs) {
    return {
      name: 'cycle',
      ok: false,
      detail: `last cycle started ${minutes(ageMs)} min ago (${at}), expected every ${every} min`,
      detailZh: `最近一轮巡检开始于 ${minutes(ageMs)} 分钟前（${at}），应每 ${every} 分钟一次`,
    };
  }
  return {
    name: 'cycle',
    ok: true,
    detail: `last cycle #${s.last.id} started ${minutes(ageMs)} min ago (${s.last.outcome})`,
    detailZh: `最近一轮巡检 #${s.last.id} 开始于 ${minutes(ageMs)} 分钟前（${s.last.outcome}）`,
  };
}

async function pingDatabase(deps: Pick<Deps, 'db'>): Promise<void> {
  if (!deps.db.isInitialized) throw new Error('not connected');
  await deps.db.query('SELECT 1');
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error?: string };

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false }), ms);
  });
  try {
    return await Promise.race([
      p.then(
        (value): Outcome<T> => ({ ok: true, value }),
        (err: unknown): Outcome<T> => ({ ok: false, error: shortError(err) }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function shortError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return scrubString(`${code}${message}`).slice(0, 200);
}
