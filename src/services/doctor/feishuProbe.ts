/** A Feishu call that failed: Feishu's business code when it answered one, and a short secret-free reason. */
export type ProbeFailure = { feishuCode?: number | undefined; reason: string };

/** What a probe read, or why it could not. */
export type ProbeAnswer<T> = { ok: true; value: T } | { ok: false; failure: ProbeFailure };

/** Feishu's answer about the bot (GET /open-apis/bot/v3/info), as it came. */
export type BotInfo = { code?: number; msg?: string; bot?: { activate_status?: number; app_name?: string } };

/** Feishu's answer to the long connection's first question (the endpoint for this app), as it came. */
export type LongConnectionAnswer = { code?: number; msg?: string };

/**
 * The few reads `airgate doctor` makes of one Feishu app. The doctor judges the answers; the Feishu edge
 * implements the calls (SDK, HTTP, error classification), so the doctor knows no transport.
 */
export interface FeishuProbe {
  /** The path Feishu must post events and card callbacks to (HTTP delivery). */
  readonly eventsPath: string;
  /** A tenant_access_token, asked for directly (the SDK's token manager hides Feishu's code). */
  token(): Promise<ProbeAnswer<null>>;
  bot(): Promise<ProbeAnswer<BotInfo>>;
  /** The scope names granted to the app. */
  grantedScopes(): Promise<ProbeAnswer<string[]>>;
  /** A chat the bot should be in: its name when Feishu says one. */
  chat(chatId: string): Promise<ProbeAnswer<{ name: string | null }>>;
  longConnection(): Promise<ProbeAnswer<LongConnectionAnswer>>;
}

export type FeishuApp = { appId: string; appSecret: string; baseUrl: string };

/** Builds the probe of one app; each call gives up after `timeoutMs`. */
export type FeishuProbeFactory = (app: FeishuApp, opts: { timeoutMs: number }) => FeishuProbe;
