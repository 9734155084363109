import { loadAverage } from './processes.js';
import { loadStats, type Load, type LoadStats } from './httpLoad.js';

export type Measurement = {
  stats: LoadStats;
  statuses: Record<string, number>;
  peakRssMb: number;
  cpuMsPerReq: number;
  /** The local database server's CPU per request meanwhile (NaN when it runs elsewhere). */
  dbCpuMsPerReq: number;
};

export function measurement(load: Load, peakRssMb: number, cpuMs: number, dbCpuMs = NaN): Measurement {
  const stats = loadStats(load);
  const n = Math.max(1, stats.n);
  return { stats, statuses: load.statuses, peakRssMb, cpuMsPerReq: cpuMs / n, dbCpuMsPerReq: dbCpuMs / n };
}

/**
 * One line per figure: latency, throughput, the server's RSS and CPU per request, and — when a bare
 * baseline of the same shape was measured in the same run — each as a ratio to it.
 */
export function printRow(name: string, m: Measurement, bare?: Measurement): void {
  const s = m.stats;
  const ratio = bare
    ? `  | ×bare: p50 ${(s.p50 / bare.stats.p50).toFixed(2)} p99 ${(s.p99 / bare.stats.p99).toFixed(2)} throughput ${(s.rps / bare.stats.rps).toFixed(2)}`
    : '';
  console.log(
    `  ${name.padEnd(30)} n=${s.n} p50=${s.p50.toFixed(1)}ms p99=${s.p99.toFixed(1)}ms max=${s.max.toFixed(1)}ms ` +
      `${s.rps.toFixed(0)} req/s, CPU ${m.cpuMsPerReq.toFixed(2)} ms/req${Number.isNaN(m.dbCpuMsPerReq) ? '' : ` (database ${m.dbCpuMsPerReq.toFixed(2)})`}, RSS ≤ ${m.peakRssMb.toFixed(0)} MB ` +
      `${JSON.stringify(m.statuses)}${ratio}`,
  );
}

export function heading(text: string): void {
  console.log(`${text} (${loadAverage()}):`);
}
