/**
 * Every kind of alert the spending watch records. The watch writes them, the alert list card names and
 * filters them, the chat's `alerts <type>` accepts them: one list, so a new kind reaches all three.
 */
export const ALERT_TYPES = [
  'threshold',
  'early_warning',
  'disabled',
  're_enabled',
  'sync_error',
  'enforcement_failed',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
