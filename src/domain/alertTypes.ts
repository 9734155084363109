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

/** The Ark ladder's alerts (a failed lever is an `enforcement_failed` alert, like the watch's). */
export const ARK_ALERT_TYPES = ['ark_throttled', 'ark_stopped', 'ark_repaired', 'ark_restored'] as const;
export type ArkAlertType = (typeof ARK_ALERT_TYPES)[number];

/** Every alert type stored: what a reader may filter by (REST, the alert list). */
export const EVERY_ALERT_TYPE = [...ALERT_TYPES, ...ARK_ALERT_TYPES] as const;
export type AnyAlertType = (typeof EVERY_ALERT_TYPE)[number];
