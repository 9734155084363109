import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's own metrics: what only this process can see as it happens (its Volcengine calls, the
 * Feishu events it acknowledged, the outbox messages it delivered) plus Node's default process metrics.
 * Figures that several processes share (sub-accounts, outbox backlog, watch cycles) are read from the
 * database at scrape time instead (dbMetrics.ts), so every replica reports the same truth.
 *
 * Module-level on purpose: a call site records a figure with one line and no dependency to thread
 * through; nothing here holds a connection. Labels are bounded (action names, status classes), and no
 * label ever carries an id, a name or a secret.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'airgate_' });

const volcCalls = new Counter({
  name: 'airgate_volc_calls_total',
  help: 'Volcengine OpenAPI attempts by action and outcome (ok, or the error code: SignatureDoesNotMatch, timeout…)',
  labelNames: ['action', 'outcome'] as const,
  registers: [processRegistry],
});

const volcErrors = new Counter({
  name: 'airgate_volc_errors_total',
  help: 'Failed Volcengine OpenAPI attempts by action',
  labelNames: ['action'] as const,
  registers: [processRegistry],
});

const volcSeconds = new Histogram({
  name: 'airgate_volc_call_duration_seconds',
  help: 'Duration of one Volcengine OpenAPI attempt',
  labelNames: ['action'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [processRegistry],
});

const feishuAck = new Histogram({
  name: 'airgate_feishu_ack_seconds',
  help: 'Time to answer one Feishu event or card callback on POST /feishu/events (Feishu allows 3 s)',
  labelNames: ['status'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
  registers: [processRegistry],
});

const outboxDeliveries = new Counter({
  name: 'airgate_outbox_deliveries_total',
  help: 'Outbox messages this process tried to deliver to Feishu, by result (sent, retried, failed)',
  labelNames: ['result'] as const,
  registers: [processRegistry],
});

/** Keeps a label value short and tame whatever a server answered. */
function label(v: string): string {
  return v.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64) || 'unknown';
}

/** One Volcengine attempt (called by the client for every attempt, retries included). */
export function observeVolcCall(action: string, error: string | undefined, ms: number): void {
  const a = label(action);
  volcCalls.inc({ action: a, outcome: error === undefined ? 'ok' : label(error) });
  if (error !== undefined) volcErrors.inc({ action: a });
  volcSeconds.observe({ action: a }, ms / 1000);
}

/** One answered POST /feishu/events. */
export function observeFeishuAck(status: number, ms: number): void {
  feishuAck.observe({ status: String(status) }, ms / 1000);
}

/** One outbox delivery attempt finished. */
export function observeOutboxDelivery(result: 'sent' | 'retried' | 'failed'): void {
  outboxDeliveries.inc({ result });
}
