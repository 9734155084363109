import type { Deps } from '../../deps.js';
import { runUrgentCalls } from '../../feishu/urgent/urgentAlerts.js';

export type UrgentJobDeps = Pick<Deps, 'db' | 'repos' | 'clock' | 'log' | 'notifier' | 'outbox' | 'feishu'>;

/** Retries the urgent (加急) calls that failed for a reason that may pass (the first try follows delivery). */
export async function urgentRetryJob(deps: Partial<UrgentJobDeps> & Pick<Deps, 'log'>): Promise<void> {
  if (!deps.feishu || !deps.db || !deps.repos || !deps.clock || !deps.notifier || !deps.outbox) return;
  const n = await runUrgentCalls(deps as UrgentJobDeps);
  if (n) deps.log.debug({ job: 'urgentRetry', calls: n }, 'urgent calls retried');
}
