import type { OutboxRow } from '../../db/repos/outbox.js';

/** Called after the relay delivered an outbox row; `messageId` is Feishu's id of the message it became. */
export type DeliveredHook = (row: OutboxRow, messageId: string | null) => Promise<void>;

const hooks = new WeakMap<object, DeliveredHook[]>();

/** Registers a hook for every row delivered from `outbox` (whichever relay delivers it). */
export function onDelivered(outbox: object, hook: DeliveredHook): void {
  hooks.set(outbox, [...(hooks.get(outbox) ?? []), hook]);
}

/** Runs the hooks of `outbox` for one delivered row; a hook's failure is returned, never thrown. */
export async function runDeliveredHooks(
  outbox: object,
  row: OutboxRow,
  messageId: string | null,
): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const hook of hooks.get(outbox) ?? []) {
    try {
      await hook(row, messageId);
    } catch (err) {
      errors.push(err);
    }
  }
  return errors;
}
