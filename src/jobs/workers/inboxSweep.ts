import type { Logger } from '../../log/logger.js';

/** What the sweep needs of the Feishu event processor: re-run stranded events, purge old ones. */
export type InboxSweeper = { sweep(): Promise<{ resumed: number; purged: number }> };

/**
 * The Feishu inbox sweep: events this or another process stored but did not finish (a crash, a lost lease)
 * run again, and old rows are purged. It runs in the process that receives Feishu events, beside its
 * event processor, whether or not that process also runs the spending check.
 */
export async function inboxSweepJob(processor: InboxSweeper, log: Logger): Promise<void> {
  const { resumed, purged } = await processor.sweep();
  if (resumed > 0 || purged > 0) log.info({ resumed, purged }, 'Feishu inbox swept');
}
