/** "2026-12-05 10:00" in Asia/Shanghai (UTC+8, no daylight saving), for messages. */
export function formatShanghaiInstant(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
