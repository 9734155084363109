import { gatewayErrors, type VolcSimError } from './errors.js';
import type { Rng } from './rng.js';

export type VolcFaults = {
  /** added before every API answer; a number or [min, max] drawn uniformly */
  latencyMs: number | [number, number];
  /** share of requests (0..1) answered with 500 InternalError (one in five of them 503) */
  errorRate: number;
  /** requests per second per access key; beyond it 429 FlowLimitExceeded (0 = unlimited) */
  qpsLimit: number;
  /** share of requests (0..1) whose connection is destroyed without an answer */
  dropRate: number;
  /** when non-empty, faults hit only these actions */
  actions: string[];
};

export const noFaults: VolcFaults = { latencyMs: 0, errorRate: 0, qpsLimit: 0, dropRate: 0, actions: [] };

export type FaultDecision = { kind: 'drop' } | { kind: 'error'; error: VolcSimError } | { kind: 'pass' };

/** Fault injection with a seeded random stream; the QPS window uses the real wall clock. */
export class FaultInjector {
  private faults: VolcFaults = { ...noFaults };
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly rng: Rng) {}

  get(): VolcFaults {
    return { ...this.faults };
  }

  set(f: Partial<VolcFaults>): void {
    this.faults = { ...this.faults, ...f };
  }

  private applies(action: string): boolean {
    return this.faults.actions.length === 0 || this.faults.actions.includes(action);
  }

  /** Decided when the request arrives, before authentication. */
  beforeAuth(action: string): { drop: boolean; delayMs: number } {
    if (!this.applies(action)) return { drop: false, delayMs: 0 };
    const drop = this.faults.dropRate > 0 && this.rng.next() < this.faults.dropRate;
    const l = this.faults.latencyMs;
    const delayMs = Array.isArray(l) ? l[0] + this.rng.next() * Math.max(0, l[1] - l[0]) : l;
    return { drop, delayMs: Math.max(0, delayMs) };
  }

  /** Decided after the signature is checked: throttling is per access key, then random 5xx. */
  afterAuth(action: string, accessKeyId: string, realNowMs: number): FaultDecision {
    if (!this.applies(action)) return { kind: 'pass' };
    if (this.faults.qpsLimit > 0) {
      const w = (this.windows.get(accessKeyId) ?? []).filter((t) => realNowMs - t < 1000);
      if (w.length >= this.faults.qpsLimit) {
        this.windows.set(accessKeyId, w);
        return { kind: 'error', error: gatewayErrors.flowLimitExceeded() };
      }
      w.push(realNowMs);
      this.windows.set(accessKeyId, w);
    }
    if (this.faults.errorRate > 0 && this.rng.next() < this.faults.errorRate) {
      const error =
        this.rng.next() < 0.2 ? gatewayErrors.serviceUnavailable() : gatewayErrors.internalError();
      return { kind: 'error', error };
    }
    return { kind: 'pass' };
  }
}
