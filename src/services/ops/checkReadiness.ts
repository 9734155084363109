import type { Deps } from '../../deps.js';
import { scrubString } from '../../log/redact.js';
import { readWatchStatus } from './watchStatus.js';
import { pingDatabase } from '../../db/probe.js';

export type ReadinessCheck = { name: 'database' | 'cycle'; ok: boolean; detail: string; detailZh: string };
export type Readiness = { ready: boolean; checks: ReadinessCheck[] };

/**
 * Where the spending watch's scheduler runs, as this process was started: `here` (`airgate serve`), `elsewhere`
 * (`airgate serve --no-scheduler`, paired with `airgate scheduler`: same deployment, same cycle log), or
 * `none` (an app built without a scheduler role, e.g. embedded in a test): then the cycle is reported only.
 */
export type SchedulerRole = 'here' | 'elsewhere' | 'none';

/** A scheduler that has not finished a cycle in this many intervals is stuck or gone. */
export const STALE_INTERVALS = 3;

export type ReadinessOptions = {
  scheduler?: SchedulerRole;
  /** How long the database may take to answer before it counts as unreachable. */
  timeoutMs?: number;
  /** Seconds this process has been up (wall clock); before the first finished cycle, more than three intervals is stale. */
  uptimeSeconds?: number;
};

/**
 * Ready when the database answers and, where a scheduler is expected (in this process or beside it), the
 * spending watch is alive: a cycle (run by any process) finished within the last three check intervals. A
 * cycle that started but never finished (killed, hung) does not count. Before the first finished cycle the
 * install is ready ("no cycle yet") unless this process has been up for three intervals without one.
 */
export async function checkReadiness(
  deps: Pick<Deps, 'db' | 'clock'>,
  opts: ReadinessOptions = {},
): Promise<Readiness> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const database = await withTimeout(pingDatabase(deps.db), timeoutMs);
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
  const cycle = cycleCheck(status.value, deps.clock.now(), opts.uptimeSeconds ?? process.uptime());
  const role = opts.scheduler ?? 'none';
  if (role === 'none' && !cycle.ok) {
    // No scheduler is expected with this process: say what the log shows, without turning unready.
    checks.push({
      ...cycle,
      ok: true,
      detail: `${cycle.detail} (no scheduler expected with this process)`,
      detailZh: `${cycle.detailZh}（此进程不负责定时巡检）`,
    });
  } else if (role === 'elsewhere' && !cycle.ok) {
    checks.push({
      ...cycle,
      detail: `${cycle.detail}: is \`airgate scheduler\` running?`,
      detailZh: `${cycle.detailZh}：\`airgate scheduler\` 是否在运行？`,
    });
  } else checks.push(cycle);
  return { ready: checks.every((c) => c.ok), checks };
}

function cycleCheck(
  s: Awaited<ReturnType<typeof readWatchStatus>>,
  now: Date,
  uptimeSeconds: number,
): ReadinessCheck {
  const minutes = (ms: number) => Math.round(ms / 60_000);
  const every = minutes(s.intervalMs);
  const staleMs = STALE_INTERVALS * s.intervalMs;
  const done = s.lastFinished;
  const running =
    s.last && s.last.outcome === 'running' && s.last.id !== done?.id
      ? `; cycle #${s.last.id} started ${minutes(now.getTime() - s.last.startedAt.getTime())} min ago is still running`
      : '';
  const runningZh =
    s.last && s.last.outcome === 'running' && s.last.id !== done?.id
      ? `；#${s.last.id} 开始于 ${minutes(now.getTime() - s.last.startedAt.getTime())} 分钟前，仍未结束`
      : '';
  if (!done?.finishedAt) {
    const stale = uptimeSeconds * 1000 > staleMs;
    return stale
      ? {
          name: 'cycle',
          ok: false,
          detail: `no cycle finished after ${minutes(uptimeSeconds * 1000)} min up (expected every ${every} min)${running}: is a scheduler running?`,
          detailZh: `已运行 ${minutes(uptimeSeconds * 1000)} 分钟仍无完成的巡检（应每 ${every} 分钟一次）${runningZh}：定时任务是否在运行？`,
        }
      : { name: 'cycle', ok: true, detail: 'no cycle yet', detailZh: '尚无巡检' };
  }
  const ageMs = Math.max(0, now.getTime() - done.finishedAt.getTime());
  const at = done.finishedAt.toISOString();
  if (ageMs > staleMs) {
    return {
      name: 'cycle',
      ok: false,
      detail: `last cycle finished ${minutes(ageMs)} min ago (${at}), expected every ${every} min${running}`,
      detailZh: `最近一轮巡检结束于 ${minutes(ageMs)} 分钟前（${at}），应每 ${every} 分钟一次${runningZh}`,
    };
  }
  return {
    name: 'cycle',
    ok: true,
    detail: `last cycle #${done.id} finished ${minutes(ageMs)} min ago (${done.outcome})${running}`,
    detailZh: `最近一轮巡检 #${done.id} 结束于 ${minutes(ageMs)} 分钟前（${done.outcome}）${runningZh}`,
  };
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
