/**
 * What a server allocates over chosen loads: V8's sampling heap profiler, driven over the inspector protocol
 * of a server started with `--inspect=127.0.0.1:0`, with the objects already collected kept in the profile
 * (by default it keeps only the live ones, and nearly everything a request allocates is garbage a moment
 * later). Summarised as bytes per request by module and by function, like bench/lib/cpuProfile.ts.
 */
import WebSocket from 'ws';
import { moduleOf, shortUrl } from './cpuProfile.js';

type HeapNode = {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
};

export type HeapSampler = {
  start(): Promise<void>;
  /** Stops sampling and adds what was allocated since start() to `totals`. */
  stop(totals: AllocationTotals): Promise<void>;
  close(): void;
};

export type AllocationTotals = { bytes: number; fn: Map<string, number>; mod: Map<string, number> };

export const emptyTotals = (): AllocationTotals => ({ bytes: 0, fn: new Map(), mod: new Map() });

/** `wsUrl`: what node prints on stderr, "Debugger listening on ws://…". */
export async function connectHeapSampler(wsUrl: string): Promise<HeapSampler> {
  const ws = new WebSocket(wsUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const pending = new Map<number, (m: { result?: unknown; error?: { message: string } }) => void>();
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    if (m.id === undefined) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const at = ++id;
      pending.set(at, (m) =>
        m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result),
      );
      ws.send(JSON.stringify({ id: at, method, params }));
    });
  await call('HeapProfiler.enable');
  return {
    start: async () => {
      await call('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    },
    stop: async (totals) => {
      const { profile } = (await call('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
      add(profile.head, totals);
    },
    close: () => ws.close(),
  };
}

function add(node: HeapNode, totals: AllocationTotals): void {
  if (node.selfSize > 0) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    const where = moduleOf(url, functionName);
    totals.bytes += node.selfSize;
    totals.fn.set(name, (totals.fn.get(name) ?? 0) + node.selfSize);
    totals.mod.set(where, (totals.mod.get(where) ?? 0) + node.selfSize);
  }
  for (const c of node.children) add(c, totals);
}

/** Bytes per request (or other `unit`), by module and by function (the `top` largest of each). */
export function allocationSummary(
  totals: AllocationTotals,
  requests: number,
  top = 15,
  [unit, units] = ['request', 'requests'],
): string {
  const kb = (b: number) => `${(b / requests / 1024).toFixed(2).padStart(6)} KB`;
  const lines = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, b]) => `  ${kb(b)}  ${((100 * b) / totals.bytes).toFixed(1).padStart(5)} %  ${k}`);
  return [
    `allocated ${kb(totals.bytes).trim()} per ${unit} over ${requests} ${units} (sampled every 1 KB)`,
    'By module:',
    ...lines(totals.mod),
    'By function (self):',
    ...lines(totals.fn),
  ].join('\n');
}
