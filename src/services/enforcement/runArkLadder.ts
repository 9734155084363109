import { enforcementRepo, type EnforcementChangeDto } from '../../db/repos/enforcement.js';
import { withReader } from '../../db/repos/transaction.js';
import {
  denyProjects,
  projectEndpoints,
  regenProjectKeys,
  stopProjectEndpoints,
  throttleProject,
  type LeverRun,
} from './applyLevers.js';
import { enforceabilityOf } from './enforceability.js';
import { notifyLadder } from './notify.js';
import { restoreRecords } from './restoreLevers.js';
import { emptyOutcome, type LadderDeps, type LadderInput, type LadderOutcome } from './types.js';

const isStopRecord = (r: EnforcementChangeDto) => r.lever !== 'throttle';
const episodeOf = (rs: EnforcementChangeDto[]) =>
  rs.reduce((min, r) => Math.min(min, r.createdAt.getTime()), Number.POSITIVE_INFINITY);

/**
 * The Ark ladder for one sub-account, once per cycle, after the watch's own decision (which handles
 * access keys and console login). On complete data: from the throttle percent the custom endpoints of
 * the monitored projects are throttled; at 100 % they are stopped, AirGate's Deny policy is attached in
 * each project and, opt-in, the projects' API keys are regenerated — every change recorded with the state
 * before it, and re-checked every cycle while it holds (a change undone by hand is made again). Once an
 * allocation has brought the sub-account under 100 % and the watch has re-enabled it, exactly the recorded
 * changes are undone, last rung first, with one card and one audit entry. A failed call stays recorded and
 * is retried next cycle; the failure is reported with what can still spend.
 */
export async function runArkLadder(deps: LadderDeps, input: LadderInput): Promise<LadderOutcome> {
  const out = emptyOutcome();
  const { sub, settings: s } = input;
  if (sub.status === 'missing') return out;
  const records =
    input.records ?? (await withReader(deps.db, (m) => enforcementRepo.listBySubAccount(m, sub.id)));
  const exhausted = input.quota.exhausted;
  const throttleAt = s.arkThrottlePercent > 0 ? s.arkThrottlePercent : null;
  const wantThrottle = throttleAt !== null && input.quota.percent.gte(throttleAt);
  const monitored = input.projects.filter((p) => p.monitored).map((p) => p.projectName);
  // The watch re-enables before this runs: a stale reading would still say disabled.
  const now = records.length
    ? ((await withReader(deps.db, (m) => deps.repos.subAccounts.findById(m, sub.id))) ?? sub)
    : sub;
  const live = { ...input, sub: now };
  const released = now.status === 'active' || now.status === 'enabling';
  const restoreStop = !exhausted && released && records.some(isStopRecord);
  const restoreThrottle = !exhausted && !wantThrottle && released && records.some((r) => !isStopRecord(r));
  const climb = input.complete && (exhausted || wantThrottle) && monitored.length > 0;
  if (!restoreStop && !restoreThrottle && !climb) return out;

  const run: LeverRun = { deps, input: live, client: await deps.volc(sub.accountId), out, records };
  if (restoreStop || restoreThrottle) {
    out.rung = 'restore';
    const which = records.filter((r) => (isStopRecord(r) ? restoreStop : restoreThrottle));
    const episode = episodeOf(which);
    const restored = await restoreRecords(run, which);
    const left = which.length - restored.length;
    if (left === 0 && restored.length > 0) {
      await notifyLadder(deps, live, {
        kind: 'restored',
        dedupeKey: `ark_restore:${sub.id}:${episode}`,
        changes: restored,
        failures: [],
        report: null,
        percent: input.quota.percent,
        audit: {
          action: 'enforcement.restore',
          before: which.map(summary),
          after: { restored: restored.length },
        },
      });
    }
  }
  if (climb) {
    out.rung = exhausted ? 'stop' : 'throttle';
    // Projects where Ark is in use (an endpoint, or a change of ours); the others get no Ark lever at all.
    const arkProjects: string[] = [];
    for (const project of monitored) {
      const endpoints = await projectEndpoints(run, project);
      if (endpoints === null || endpoints.length > 0 || records.some((r) => r.projectName === project))
        arkProjects.push(project);
      if (!endpoints) continue;
      if (throttleAt !== null) await throttleProject(run, project, endpoints);
      if (exhausted && s.arkStopEndpoints) await stopProjectEndpoints(run, project, endpoints);
    }
    if (exhausted && s.arkDenyPolicy && arkProjects.length) await denyProjects(run, arkProjects);
    if (exhausted && s.arkRegenKeys) for (const project of arkProjects) await regenProjectKeys(run, project);
    await report(deps, live, run, monitored);
  }
  if (out.failures.length) {
    const all = await withReader(deps.db, (m) => enforcementRepo.listBySubAccount(m, sub.id));
    const episode = episodeOf(all);
    const key = `ark_failed:${sub.id}:${episode}:${out.failures
      .map((f) => `${f.lever}/${f.target}`)
      .sort()
      .join(',')}`;
    const failed = {
      kind: 'failed' as const,
      changes: out.changed,
      failures: out.failures,
      report: null,
      percent: input.quota.percent,
      audit: null,
    };
    // As the watch does for its own levers: the first failure is recorded silently and retried next cycle;
    // the card goes out when the same failure is met again.
    const first = await notifyLadder(deps, live, { ...failed, dedupeKey: `${key}:1`, silent: true });
    if (!first) await notifyLadder(deps, live, { ...failed, dedupeKey: `${key}:2` });
  }
  return out;
}

const summary = (r: EnforcementChangeDto) => ({
  lever: r.lever,
  project: r.projectName,
  target: r.target,
  previous: r.previous,
  state: r.state,
});

async function report(
  deps: LadderDeps,
  input: LadderInput,
  run: LeverRun,
  monitored: string[],
): Promise<void> {
  const fresh = run.out.changed.filter((c) => !c.repaired);
  const repaired = run.out.changed.filter((c) => c.repaired);
  const all = await withReader(deps.db, (m) => enforcementRepo.listBySubAccount(m, input.sub.id));
  if (run.out.rung === 'stop' && fresh.some((c) => c.lever !== 'throttle')) {
    // First stop of this episode: the card lists what is stopped and what still spends.
    const stopRecords = all.filter(isStopRecord);
    await notifyLadder(deps, input, {
      kind: 'stopped',
      dedupeKey: `ark_stop:${input.sub.id}:${episodeOf(stopRecords)}`,
      changes: all.map((r) => ({
        lever: r.lever,
        project: r.projectName,
        target: r.target,
        repaired: false,
      })),
      failures: run.out.failures,
      report: await enforceabilityOf(run.client, input.sub.userName, monitored, deps.clock.now()),
      percent: input.quota.percent,
      audit: { action: 'enforcement.stop', before: null, after: all.map(summary) },
    });
  } else if (repaired.length) {
    await notifyLadder(deps, input, {
      kind: 'repaired',
      dedupeKey: `ark_repaired:${input.sub.id}:${input.requestId}`,
      changes: repaired,
      failures: run.out.failures,
      report: null,
      percent: input.quota.percent,
      audit: { action: 'enforcement.repair', before: null, after: repaired },
    });
  } else if (run.out.rung === 'throttle' && fresh.length) {
    await notifyLadder(deps, input, {
      kind: 'throttled',
      dedupeKey: `ark_throttle:${input.sub.id}:${input.sub.alertEpoch}`,
      changes: all
        .filter((r) => r.lever === 'throttle')
        .map((r) => ({ lever: r.lever, project: r.projectName, target: r.target, repaired: false })),
      failures: [],
      report: null,
      percent: input.quota.percent,
      audit: {
        action: 'enforcement.throttle',
        before: null,
        after: all.filter((r) => r.lever === 'throttle').map(summary),
      },
    });
  }
}
