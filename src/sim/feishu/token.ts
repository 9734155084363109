import type { Context, Next } from 'koa';
import type { SimClock } from './clock.js';
import { newId } from './ids.js';
import { bodyOf, fail, feishuErrors } from './responses.js';

export type SimApp = { appId: string; appSecret: string; encryptKey?: string; verificationToken: string };

const TOKEN_TTL_S = 7200;
const REISSUE_BELOW_S = 30 * 60;

/**
 * tenant_access_token for a self-built app: 2 h validity; asking again while ≥ 30 min remain returns
 * the same token with its remaining time, below that a new one is issued and both stay valid.
 */
export class TenantTokens {
  private readonly tokens = new Map<string, number>();
  private current: string | undefined;
  issued = 0;

  constructor(
    private readonly app: SimApp,
    private readonly clock: SimClock,
  ) {}

  /** POST /open-apis/auth/v3/tenant_access_token/internal. The answer has no `data` wrapper. */
  route = (ctx: Context): void => {
    const body = bodyOf(ctx);
    ctx.status = 200;
    if (body.app_id !== this.app.appId) {
      ctx.body = feishuErrors.invalidAppId;
      return;
    }
    if (body.app_secret !== this.app.appSecret) {
      ctx.body = feishuErrors.badSecret;
      return;
    }
    const now = this.clock.now();
    const expiresAt = this.current === undefined ? undefined : this.tokens.get(this.current);
    if (this.current === undefined || expiresAt === undefined || expiresAt - now < REISSUE_BELOW_S * 1000) {
      this.current = newId.tenantToken();
      this.tokens.set(this.current, now + TOKEN_TTL_S * 1000);
      this.issued += 1;
    }
    const remaining = Math.floor(((this.tokens.get(this.current) ?? now) - now) / 1000);
    ctx.body = { code: 0, msg: 'ok', tenant_access_token: this.current, expire: remaining };
  };

  /** Middleware for every Open API route: a missing, unknown or expired bearer token is refused. */
  require = async (ctx: Context, next: Next): Promise<void> => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) fail(feishuErrors.missingToken);
    const expiresAt = this.tokens.get(match[1]);
    if (expiresAt === undefined || expiresAt <= this.clock.now()) fail(feishuErrors.invalidToken);
    await next();
  };

  /** Forgets every token, as if the platform rotated them (tests of the 99991663 path). */
  revokeAll(): void {
    this.tokens.clear();
    this.current = undefined;
  }
}
