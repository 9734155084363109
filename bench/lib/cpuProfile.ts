/** Reading `node --cpu-prof` profiles: self time by module and by function. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };

/**
 * `windows`: only the samples taken inside them, each [from, to] in µs of the monotonic clock that
 * `process.hrtime` reads (the profile's own timestamps), in ascending order.
 */
export function summarize(
  file: string,
  top = 25,
  windows?: ReadonlyArray<readonly [number, number]>,
): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const kept = insideWindows(p, windows);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => {
    if (kept(i)) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const where = moduleOf(url, functionName);
    const name = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    mod.set(where, (mod.get(where) ?? 0) + us);
  }
  const busy = total - idle;
  // Inclusive time of AirGate's own functions (dist/src, dist/cards): each sample counted once per function.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = new Map<string, number>();
  p.samples.forEach((id, i) => {
    if (!kept(i)) return;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      if (!/\/dist\/(src|cards)\//.test(url)) continue;
      seen.add(`${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`);
    }
    for (const k of seen) ours.set(k, (ours.get(k) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const lines = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([k, us]) =>
          `  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`,
      );
  return [
    `${file}${windows ? ` (${windows.length} windows)` : ''}: ${(total / 1e6).toFixed(1)} s sampled, busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / total).toFixed(0)} %)`,
    'Self time by module (share of busy time):',
    ...lines(mod),
    'Self time by function:',
    ...lines(fn),
    "AirGate's functions, inclusive time (what runs under them):",
    ...lines(ours),
  ].join('\n');
}

/** Whether sample i falls inside one of `windows` (every sample without windows). */
function insideWindows(
  p: Profile,
  windows: ReadonlyArray<readonly [number, number]> | undefined,
): (i: number) => boolean {
  if (!windows) return () => true;
  const inside = new Uint8Array(p.samples.length);
  let at = p.startTime;
  let w = 0;
  p.timeDeltas.forEach((d, i) => {
    at += d;
    while (w < windows.length && at > windows[w]![1]) w++;
    if (w < windows.length && at >= windows[w]![0]) inside[i] = 1;
  });
  return (i) => inside[i] === 1;
}

export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url;
  return shortUrl(url);
}

export function shortUrl(url: string): string {
  const i = url.indexOf('/dist/');
  if (i >= 0) return url.slice(i + 1);
  const nm = url.lastIndexOf('node_modules/');
  return nm >= 0 ? url.slice(nm + 'node_modules/'.length) : url.replace(/^file:\/\//, '');
}

/** Summaries of every .cpuprofile in `dir` (one per profiled process), over `windows` when given. */
export function printProfiles(
  dir: string,
  top = 20,
  windows?: ReadonlyArray<readonly [number, number]>,
): void {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile')))
    console.log(summarize(join(dir, f), top, windows));
}
