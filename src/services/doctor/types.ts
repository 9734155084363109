import type { Config } from '../../config/loadConfig.js';
import type { Deps } from '../../deps.js';

/** A text in both languages; the CLI prints the one of AIRGATE_LOCALE. */
export type Bilingual = { zh: string; en: string };
export const bi = (zh: string, en: string): Bilingual => ({ zh, en });

/** pass; warn: works but worth a look (does not fail the run); fail: must be fixed; skip: could not be checked. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export type DoctorCheck = {
  /** Stable id, e.g. `database.migrations`, `volc.default.permissions`, `feishu.token`. */
  id: string;
  status: CheckStatus;
  title: Bilingual;
  detail: Bilingual;
  /** What to do about a failure or a warning. */
  fix?: Bilingual;
};

export type DoctorReport = { ok: boolean; checks: DoctorCheck[] };

/** What the checks share once the configuration has loaded. */
export type DoctorContext = {
  config: Config;
  deps: Deps;
  /** The database answered and its schema is current (reads are safe). */
  dbReady: boolean;
  timeoutMs: number;
};

export function check(
  id: string,
  status: CheckStatus,
  title: Bilingual,
  detail: Bilingual,
  fix?: Bilingual,
): DoctorCheck {
  return fix ? { id, status, title, detail, fix } : { id, status, title, detail };
}

/** The first and last four characters of an access key id: enough to recognize it, not to use it. */
export function maskKeyId(id: string): string {
  return id.length <= 10 ? `${id.slice(0, 2)}…` : `${id.slice(0, 4)}…${id.slice(-4)}`;
}
