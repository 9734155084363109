import { getArkInferenceUsage } from '../../volc/actions/ark.js';
import { paced, type Pacer } from '../../volc/billingPacer.js';
import type { VolcClient } from '../../volc/client.js';

/** Ark tokens of one project and model in one Shanghai hour. */
export type UsageRow = {
  project: string;
  model: string;
  /** 'YYYY-MM-DD' (Shanghai) */
  day: string;
  /** 'YYYY-MM-DD HH:00' (Shanghai) */
  hour: string;
  input: number;
  cacheHit: number;
  output: number;
};

/** Thrown when the answer cannot be read: the estimate is then left out, never guessed. */
export class UsageShapeError extends Error {}

/**
 * Ark usage per project, model and hour over whole Shanghai days `fromDay`…`toDay` (≤ 31 days): one
 * GetInferenceUsage call grouped by ProjectName and ModelName (ark-api.md §5.2; wire shape INFERRED). The
 * answer is columns `Fields[] {Metric, Values[]}`; a missing column or a ragged one is an error. The call
 * waits on the account's usage pacer when given (see volc/usagePacer).
 */
export async function readUsage(
  client: VolcClient,
  fromDay: string,
  toDay: string,
  pacer?: Pacer,
): Promise<UsageRow[]> {
  const read = () =>
    getArkInferenceUsage(client, {
      QueryInterval: 'Hour',
      StartTime: fromDay,
      EndTime: toDay,
      Filters: [{ FieldName: 'ProjectName' }, { FieldName: 'ModelName' }],
    });
  const r = pacer ? await paced(pacer, read) : await read();
  const col = (name: string, required = true) => {
    const f = r.Fields.find((x) => x.Metric === name);
    if (!f && required) throw new UsageShapeError(`GetInferenceUsage: no ${name} column`);
    return f?.Values ?? null;
  };
  const hours = col('Hour')!;
  const projects = col('ProjectName')!;
  const models = col('ModelName')!;
  const input = col('InputTokens')!;
  const output = col('OutputTokens')!;
  const cache = col('CacheTokensHit', false);
  const n = hours.length;
  for (const c of [projects, models, input, output, ...(cache ? [cache] : [])])
    if (c.length !== n) throw new UsageShapeError('GetInferenceUsage: columns of different lengths');
  const num = (v: string | number, what: string) => {
    const x = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(x) || x < 0) throw new UsageShapeError(`GetInferenceUsage: ${what} "${String(v)}"`);
    return x;
  };
  const rows: UsageRow[] = [];
  for (let i = 0; i < n; i++) {
    const hour = String(hours[i]);
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(hour))
      throw new UsageShapeError(`GetInferenceUsage: hour "${hour}"`);
    rows.push({
      project: String(projects[i]),
      model: String(models[i]),
      day: hour.slice(0, 10),
      hour: hour.slice(0, 16),
      input: num(input[i]!, 'InputTokens'),
      cacheHit: cache ? num(cache[i]!, 'CacheTokensHit') : 0,
      output: num(output[i]!, 'OutputTokens'),
    });
  }
  return rows;
}
