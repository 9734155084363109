import type { Deps } from '../../deps.js';
import { syncApprovalCenter } from '../../services/requests/approvalCenterSync.js';
import type { FeishuWiring } from '../wiring.js';
import { approvalCallbackHandler, registerApprovalCallback } from './callback.js';

/** How often the sync loop looks for due rows (a change shows in the centre within about this long). */
export const APPROVAL_SYNC_INTERVAL_MS = 1_000;

/**
 * Wires the approval centre into a Feishu wiring: its quick-approval callback (mounted by buildApp) and the
 * sync loop, started and stopped with the wiring (it does nothing until `airgate setup approval` ran).
 */
export function registerApprovalCenter(
  feishu: FeishuWiring,
  deps: Deps,
  opts: { intervalMs?: number } = {},
): void {
  registerApprovalCallback(feishu, approvalCallbackHandler(deps));
  const every = opts.intervalMs ?? APPROVAL_SYNC_INTERVAL_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    running = syncApprovalCenter(deps)
      .catch((err: unknown) => deps.log.warn({ err }, 'approval centre sync loop failed'))
      .finally(() => {
        running = undefined;
        if (!stopped) schedule();
      });
  };
  const schedule = () => {
    timer = setTimeout(tick, every);
    timer.unref();
  };
  const { start, stop } = feishu;
  feishu.start = () => {
    start();
    stopped = false;
    schedule();
  };
  feishu.stop = async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
    await stop();
  };
}
