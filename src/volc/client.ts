import type { z } from 'zod';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../log/logger.js';
import { registerSecret } from '../log/redact.js';
import { observeVolcCall } from '../metrics/registry.js';
import { currentPacer, isThrottled } from './billingPacer.js';
import { formatZodProblem } from './params.js';
import type { Credentials } from './signer.js';
import { buildWireRequest, readEnvelope, sendOnce, type VolcRequest } from './http.js';
import {
  VolcApiError,
  VolcError,
  VolcNetworkError,
  VolcResponseError,
  isThrottlingCode,
  type VolcCallInfo,
} from './errors.js';

/** Real hosts per signing service (volcengine-api.md 1.1); VOLC_ENDPOINT replaces all of them. */
export const DEFAULT_ENDPOINTS: Readonly<Record<string, string>> = {
  iam: 'https://open.volcengineapi.com',
  billing: 'https://billing.volcengineapi.com',
};
const FALLBACK_ENDPOINT = 'https://open.volcengineapi.com';

export type RetryPolicy = {
  /** attempts in all, the first included */
  maxAttempts: number;
  /** no new attempt starts, and no attempt runs, past this much time since the call began */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
};
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  maxElapsedMs: 30_000,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
};

export type VolcClientOptions = {
  credentials: Credentials;
  region?: string | undefined;
  /** one base URL for every service (the simulator, a proxy); else DEFAULT_ENDPOINTS */
  endpoint?: string | undefined;
  /** per attempt, including reading the body */
  timeoutMs?: number | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** for X-Date */
  clock?: Clock | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** in [0, 1), for the backoff jitter */
  random?: (() => number) | undefined;
  log?: Pick<Logger, 'debug'> | undefined;
};

export type { ParamsIn, VolcRequest } from './http.js';

export type VolcRawResponse = { result: unknown; requestId: string | undefined; attempts: number };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A small typed client over global fetch: signs each request (signer.ts), bounds each attempt with a
 * timeout, retries throttling, 5xx and network failures with exponential backoff and full jitter
 * inside a budget of attempts and time, and turns every failure into a VolcError.
 */
/** The least time worth giving one more attempt inside the retry budget. */
const MIN_ATTEMPT_MS = 250;

export class VolcClient {
  readonly region: string;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly opts: VolcClientOptions) {
    registerSecret(opts.credentials.secretAccessKey);
    registerSecret(opts.credentials.sessionToken);
    this.region = opts.region ?? 'cn-beijing';
    this.retry = {
      ...DEFAULT_RETRY,
      ...Object.fromEntries(Object.entries(opts.retry ?? {}).filter(([, v]) => v !== undefined)),
    };
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.clock = opts.clock ?? systemClock;
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
  }

  get accessKeyId(): string {
    return this.opts.credentials.accessKeyId;
  }

  /** The same client acting as another account (a sub-account's own key, say). */
  withCredentials(credentials: Credentials): VolcClient {
    return new VolcClient({ ...this.opts, credentials });
  }

  endpointFor(service: string): string {
    return this.opts.endpoint ?? DEFAULT_ENDPOINTS[service] ?? FALLBACK_ENDPOINT;
  }

  /** Calls an action and validates its Result with `schema`. */
  async call<S extends z.ZodType>(req: VolcRequest, schema: S): Promise<z.output<S>> {
    const raw = await this.callRaw(req);
    const parsed = schema.safeParse(raw.result);
    if (!parsed.success) {
      const err = new VolcResponseError(info(req), {
        httpStatus: 200,
        requestId: raw.requestId,
        problem: formatZodProblem(parsed.error, 'Result'),
      });
      err.attempts = raw.attempts;
      throw err;
    }
    return parsed.data;
  }

  /** Calls an action and returns its Result unvalidated (the CLI's generic path). */
  async callRaw(req: VolcRequest): Promise<VolcRawResponse> {
    const started = performance.now();
    const { maxAttempts, maxElapsedMs, baseDelayMs, maxDelayMs } = this.retry;
    for (let attempt = 1; ; attempt++) {
      const remaining = maxElapsedMs - (performance.now() - started);
      try {
        const out = await this.attempt(req, attempt, Math.max(1, Math.min(this.timeoutMs, remaining)));
        return { ...out, attempts: attempt };
      } catch (err) {
        if (!(err instanceof VolcError)) throw err;
        err.attempts = attempt;
        if (!shouldRetry(err, req.idempotent ?? true) || attempt >= maxAttempts) throw err;
        const delay = this.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        // Another attempt needs time to be answered: one squeezed into the budget's last milliseconds would
        // only time out and hide the real error behind a "no answer".
        const minAttemptMs = Math.min(this.timeoutMs, MIN_ATTEMPT_MS);
        if (performance.now() - started + delay + minAttemptMs >= maxElapsedMs) throw err;
        await this.sleep(delay);
      }
    }
  }

  private async attempt(
    req: VolcRequest,
    attempt: number,
    timeoutMs: number,
  ): Promise<{ result: unknown; requestId: string | undefined }> {
    const call = info(req);
    // Inside a paced call every attempt, retries included, waits for the account's turn (volc/billingPacer).
    const pacer = currentPacer();
    const answered = pacer ? await pacer.acquire() : null;
    const started = performance.now();
    let status = 0;
    let requestId: string | undefined;
    let outcome: string | undefined;
    try {
      // Inside the try: a request that cannot even be built still gives its turn back (else the account's
      // next reads would wait for an answer that never comes).
      const wire = buildWireRequest(req, {
        endpoint: this.endpointFor(req.service),
        region: this.region,
        credentials: this.opts.credentials,
        date: this.clock.now(),
      });
      const res = await sendOnce(call, wire, timeoutMs);
      // Answered once the body is here: the turn's window counts from now, not from after we parsed it.
      answered?.();
      status = res.status;
      const out = readEnvelope(call, res.status, res.text);
      requestId = out.requestId;
      return out;
    } catch (err) {
      if (pacer && isThrottled(err)) pacer.slowDown();
      if (err instanceof VolcApiError) [requestId, outcome] = [err.requestId, err.apiCode];
      else if (err instanceof VolcResponseError) [requestId, outcome] = [err.requestId, 'malformed'];
      else if (err instanceof VolcNetworkError) outcome = err.kind;
      throw err;
    } finally {
      answered?.();
      this.logCall(req, attempt, started, status, requestId, outcome);
    }
  }

  private logCall(
    req: VolcRequest,
    attempt: number,
    started: number,
    status: number,
    requestId: string | undefined,
    error: string | undefined,
  ): void {
    observeVolcCall(req.action, error, performance.now() - started);
    this.opts.log?.debug(
      {
        volc: {
          action: req.action,
          service: req.service,
          status,
          ms: Math.round(performance.now() - started),
          requestId,
          attempt,
          ...(error ? { error } : {}),
        },
      },
      'volc call',
    );
  }
}

function info(req: VolcRequest): VolcCallInfo {
  return { action: req.action, service: req.service, version: req.version };
}

function shouldRetry(err: VolcError, idempotent: boolean): boolean {
  if (!err.retryable) return false;
  if (idempotent) return true;
  if (err instanceof VolcApiError) return err.httpStatus === 429 || isThrottlingCode(err.apiCode);
  return err instanceof VolcNetworkError && err.kind === 'network' && /ECONNREFUSED/.test(err.message);
}
