import { errorText } from '../../../cards/lib/errorText.js';
import { forbiddenCard } from '../../../cards/forbidden.js';
import { internalErrorCard } from '../../../cards/internalError.js';
import type { CommandKey } from '../../../cards/lib/commands.js';
import type { CardJson } from '../../../cards/lib/types.js';
import { notFoundCard, type NotFoundView } from '../../../cards/notFound.js';
import { upstreamErrorCard } from '../../../cards/upstreamError.js';
import { usageCard } from '../../../cards/usage.js';
import { conflictFromUniqueViolation } from '../../db/repos/errors.js';
import { withReader } from '../../db/repos/transaction.js';
import type { Deps } from '../../deps.js';
import { AppError, UpstreamError, codeOf, type ErrorCode } from '../../errors.js';
import { PolicyDeniedError, type FeishuActor } from '../../policies/index.js';
import type { Toast } from '../router.js';
import { botToasts, type Locale } from '../texts.js';
import { closest } from './suggest.js';

export type ErrorContext = {
  requestId: string;
  locale: Locale;
  input: string;
  actor: FeishuActor | undefined;
  command: CommandKey | undefined;
  /** Closest commands to what was typed. */
  suggestions: readonly CommandKey[];
  notFound?: () => Promise<NotFoundView | undefined>;
};

/**
 * Which card answers each code. A refusal the user can act on (usage, conflict, quota) reads as the
 * command's usage with the reason; a server that cannot reach its database or open a stored secret, or
 * is misconfigured, is the operator's problem: the generic card with the request id to quote.
 */
export const chatCardFor = {
  usage: 'usage',
  conflict: 'usage',
  quota_exhausted: 'usage',
  forbidden: 'forbidden',
  not_found: 'notFound',
  upstream: 'upstream',
  unauthorized: 'internal',
  database_unavailable: 'internal',
  config: 'internal',
  decryption_failed: 'internal',
  internal: 'internal',
} as const satisfies Record<ErrorCode, 'usage' | 'forbidden' | 'notFound' | 'upstream' | 'internal'>;

/**
 * The one place a chat error becomes a card, by AppError code (never by message text): usage → that
 * command's usage with "did you mean"; forbidden → the roles needed; not_found → the closest names;
 * upstream → "Volcengine unavailable" with the request id; anything else → a generic card with it.
 */
export async function errorCard(raw: unknown, c: ErrorContext): Promise<CardJson> {
  const err = conflictFromUniqueViolation(raw) ?? raw;
  const problem = err instanceof Error ? errorText(err, c.locale) : undefined;
  switch (chatCardFor[codeOf(err)]) {
    case 'usage':
      return usageCard({ input: c.input, command: c.command, problem, suggestions: c.suggestions }, c.locale);
    case 'forbidden': {
      // A role that would do but still refused (e.g. approving one's own request): say why instead.
      const hasRole =
        err instanceof PolicyDeniedError && (c.actor?.roles ?? []).some((r) => err.needs.roles.includes(r));
      if (err instanceof PolicyDeniedError && !hasRole) {
        return forbiddenCard(
          {
            command: c.command,
            needed: err.needs.roles,
            yourRoles: c.actor?.roles ?? [],
            ownerOnly: err.needs.owner && (c.actor?.roles.includes('lead') ?? false),
          },
          c.locale,
        );
      }
      return usageCard({ input: c.input, command: c.command, problem, suggestions: [] }, c.locale);
    }
    case 'notFound': {
      const view = c.notFound ? await c.notFound().catch(() => undefined) : undefined;
      if (view) return notFoundCard(view, c.locale);
      return usageCard({ input: c.input, command: c.command, problem, suggestions: [] }, c.locale);
    }
    case 'upstream': {
      const upstreamRequestId =
        err instanceof UpstreamError && 'requestId' in err && typeof err.requestId === 'string'
          ? err.requestId
          : undefined;
      return upstreamErrorCard(
        {
          requestId: c.requestId,
          retryable: err instanceof UpstreamError ? err.retryable : false,
          ...(upstreamRequestId ? { upstreamRequestId } : {}),
        },
        c.locale,
      );
    }
    case 'internal':
      return internalErrorCard({ requestId: c.requestId }, c.locale);
  }
}

/**
 * A click's error as a toast, by the same table as the cards: the roles needed, "Volcengine
 * unavailable", the reason in the reader's language, or a generic failure with the event's reference.
 * Refusals are logged at info, anything else once with its stack.
 */
export function errorToast(
  deps: Pick<Deps, 'log'>,
  raw: unknown,
  c: { actor: FeishuActor; locale: Locale; eventId: string; what: string },
): Toast {
  const err = conflictFromUniqueViolation(raw) ?? raw;
  const ref = c.eventId.slice(0, 12);
  if (err instanceof AppError) deps.log.info({ eventId: c.eventId, code: err.code }, `${c.what} refused`);
  else deps.log.error({ err, eventId: c.eventId }, `${c.what} failed`);
  switch (chatCardFor[codeOf(err)]) {
    case 'forbidden':
      if (err instanceof PolicyDeniedError && !c.actor.roles.some((r) => err.needs.roles.includes(r))) {
        return botToasts.forbidden(c.locale, err.needs.roles);
      }
      return botToasts.refused(c.locale, err as Error);
    case 'usage':
    case 'notFound':
      return botToasts.refused(c.locale, err as Error);
    case 'upstream':
      return botToasts.upstream(c.locale, ref);
    case 'internal':
      return botToasts.failed(c.locale, ref);
  }
}

/** A sub-account that does not exist, with the names closest to what was typed. */
export async function subAccountNotFound(
  deps: Pick<Deps, 'db' | 'repos'>,
  name: string,
): Promise<NotFoundView> {
  const all = await withReader(deps.db, (m) => deps.repos.subAccounts.list(m));
  return {
    kind: 'subAccount',
    name,
    suggestions: closest(
      name,
      all.map((s) => s.userName),
      5,
    ),
  };
}
