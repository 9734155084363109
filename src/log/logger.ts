import { pino, type Logger, type DestinationStream } from 'pino';
import { stderrDestination } from './fdDestination.js';
import { redactDeep, scrubString } from './redact.js';

export type { Logger };

/**
 * The one structured logger. Every object logged passes through redactDeep and every message
 * through scrubString, so no secret reaches the output whatever the call site passes.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: (e: unknown) => redactDeep(e) },
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redactDeep(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? scrubString(a) : a)) as Parameters<
            typeof method
          >;
          method.apply(this, cleaned);
        },
      },
    },
    destination ?? stderrDestination(),
  );
}
