import type { ActionContext } from '../actions.js';
import { VolcSimError } from '../errors.js';
import { shanghaiDay, shanghaiDayStart } from '../time.js';
import type { ArkState, UsageAgg } from './state.js';
import { visibleFromMs } from './visibility.js';

const invalid = (name: string, why: string) =>
  new VolcSimError(400, `InvalidParameter.${name}`, `The parameter ${name} is invalid: ${why}.`);

/** Usage rows already visible to the usage APIs (a window shows `usageLagMinutes` after its end). */
function visibleAggs(ctx: ActionContext, ark: ArkState, fromMs: number, toMs: number): UsageAgg[] {
  const out: UsageAgg[] = [];
  for (const [start, rows] of ark.windows) {
    if (start < fromMs || start >= toMs || visibleFromMs(ctx.sim, 'usage', start) > ctx.nowMs) continue;
    for (const a of rows.values()) out.push(a);
  }
  return out;
}

function intParam(ctx: ActionContext, name: string): number {
  const v = ctx.params.raw(name);
  if (v === undefined || v === null || v === '') {
    throw new VolcSimError(400, 'MissingParameter', `The request is missing ${name} parameter.`, 100002);
  }
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalid(name, 'expected Unix seconds');
  return n;
}

/**
 * GetUsage (beta; ark-api.md §5.1, CERTAIN request fields): token counts per hour or Shanghai day.
 * One MetricItem per endpoint with an `EndpointId` tag — the item layout is unverified.
 */
export function getUsage(ctx: ActionContext, ark: ArkState, project: string | null, endpointIds: string[]) {
  const start = intParam(ctx, 'StartTime') * 1000;
  const end = intParam(ctx, 'EndTime') * 1000;
  if (end <= start) throw invalid('EndTime', 'must be after StartTime');
  const interval = ctx.params.raw('Interval') ?? 3600;
  if (interval !== 3600 && interval !== 86400 && interval !== '3600' && interval !== '86400') {
    throw invalid('Interval', 'expected 3600 or 86400');
  }
  const bucketOf = (ms: number) =>
    Number(interval) === 3600 ? Math.floor(ms / 3_600_000) * 3600 : shanghaiDayStart(shanghaiDay(ms)) / 1000;
  const ids = new Set(endpointIds);
  const metrics = ['PromptTokens', 'CompletionTokens', 'TotalTokens'] as const;
  const per = new Map<string, Map<number, [number, number]>>();
  for (const a of visibleAggs(ctx, ark, start, end)) {
    if (project !== null && a.project !== project) continue;
    if (ids.size > 0 && !ids.has(a.endpointId)) continue;
    let m = per.get(a.endpointId);
    if (!m) per.set(a.endpointId, (m = new Map()));
    const b = bucketOf(a.windowStart);
    const v = m.get(b) ?? [0, 0];
    m.set(b, [v[0] + a.promptTokens, v[1] + a.completionTokens]);
  }
  return {
    UsageResults: metrics.map((name, i) => ({
      Name: name,
      MetricItems: [...per].map(([endpointId, buckets]) => ({
        Tags: [{ Key: 'EndpointId', Value: endpointId }],
        Values: [...buckets]
          .sort(([a], [b]) => a - b)
          .map(([Timestamp, [p, c]]) => ({ Timestamp, Value: i === 0 ? p : i === 1 ? c : p + c })),
      })),
    })),
  };
}

const DIMENSIONS = ['AuthToken', 'ModelEndpoint', 'ModelName', 'ProjectName'] as const;
type Dimension = (typeof DIMENSIONS)[number];

function dimensionOf(a: UsageAgg, d: Dimension): string {
  if (d === 'AuthToken') return a.authToken;
  if (d === 'ModelEndpoint') return a.endpointId;
  if (d === 'ModelName') return a.model.foundationModelName;
  return a.project;
}

/**
 * GetInferenceUsage (undocumented; ark-api.md §5.2). Semantics CERTAIN per ark-cli (Day/Hour, ≤ 31
 * days, filters by endpoint, model, key, project, 5–30 min late); the wire shape here — `Filters`
 * entries {FieldName, Values | ValueLike} (a filter without values groups by that field), answer
 * `Fields[] {Metric, Values[]}` + `DataCount` — is INFERRED from third-party code: unverified.
 */
export function getInferenceUsage(ctx: ActionContext, ark: ArkState, project: string | null) {
  const interval = ctx.params.raw('QueryInterval');
  if (interval !== 'Day' && interval !== 'Hour') throw invalid('QueryInterval', 'expected Day or Hour');
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const startDay = ctx.params.raw('StartTime');
  const endDay = ctx.params.raw('EndTime');
  if (typeof startDay !== 'string' || !day.test(startDay)) throw invalid('StartTime', 'expected YYYY-MM-DD');
  if (typeof endDay !== 'string' || !day.test(endDay)) throw invalid('EndTime', 'expected YYYY-MM-DD');
  const start = shanghaiDayStart(startDay);
  const end = shanghaiDayStart(endDay) + 86_400_000;
  if (end <= start || end - start > 31 * 86_400_000) throw invalid('EndTime', 'the range is 1 to 31 days');
  const filters = ctx.params.raw('Filters') ?? [];
  if (!Array.isArray(filters)) throw invalid('Filters', 'expected a list');
  const groupBy: Dimension[] = [];
  const tests: Array<(a: UsageAgg) => boolean> = [];
  for (const f of filters as Array<Record<string, unknown>>) {
    const name = f['FieldName'];
    if (!DIMENSIONS.includes(name as Dimension))
      throw invalid('Filters.FieldName', `unknown field ${String(name)}`);
    const d = name as Dimension;
    if (!groupBy.includes(d)) groupBy.push(d);
    const values = Array.isArray(f['Values']) ? (f['Values'] as unknown[]).map(String) : [];
    const like = typeof f['ValueLike'] === 'string' ? f['ValueLike'] : '';
    if (values.length > 0) tests.push((a) => values.includes(dimensionOf(a, d)));
    if (like) tests.push((a) => dimensionOf(a, d).endsWith(like));
  }
  const rows = new Map<
    string,
    { time: string; dims: string[]; input: number; output: number; reqs: number }
  >();
  for (const a of visibleAggs(ctx, ark, start, end)) {
    if (project !== null && a.project !== project) continue;
    if (!tests.every((t) => t(a))) continue;
    const time =
      interval === 'Day'
        ? shanghaiDay(a.windowStart)
        : `${shanghaiDay(a.windowStart)} ${String(new Date(a.windowStart + 8 * 3_600_000).getUTCHours()).padStart(2, '0')}:00`;
    const dims = groupBy.map((d) => dimensionOf(a, d));
    const k = [time, ...dims].join('|');
    const r = rows.get(k) ?? { time, dims, input: 0, output: 0, reqs: 0 };
    r.input += a.promptTokens;
    r.output += a.completionTokens;
    r.reqs += a.requests;
    rows.set(k, r);
  }
  const list = [...rows.values()].sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
  return {
    Fields: [
      { Metric: interval, Values: list.map((r) => r.time) },
      ...groupBy.map((d, i) => ({ Metric: d, Values: list.map((r) => r.dims[i]!) })),
      { Metric: 'InputTokens', Values: list.map((r) => r.input) },
      { Metric: 'CacheTokensHit', Values: list.map(() => 0) },
      { Metric: 'OutputTokens', Values: list.map((r) => r.output) },
      { Metric: 'TotalTokens', Values: list.map((r) => r.input + r.output) },
      { Metric: 'ReqCnt', Values: list.map((r) => r.reqs) },
    ],
    DataCount: list.length,
  };
}
