import { UpstreamError, type HttpAuth, type HttpClient, type PluginContext } from '@datong/sdk';
import type { SinkSettings } from './sink-settings.js';

/** U8's token answer: `{"errcode":"0","errmsg":"...","token":{"id":"...","expiresIn":7200,"appkey":"..."}}`. */
interface TokenAnswer {
  errcode?: unknown;
  errmsg?: unknown;
  token?: { id?: unknown; expiresIn?: unknown };
}

/** A token as kept in memory and (encrypted) in the plugin state. */
interface HeldToken {
  id: string;
  /** Ms epoch after which the sink fetches a new one before using it. */
  renewAt: number;
}

/** U8 tokens live 2 hours; its official SDK renews after 1 h 55 m, i.e. five minutes early. */
const RENEW_EARLY_MS = 5 * 60_000;

/**
 * U8's authentication as an `HttpAuth`: `GET /system/token?from_account&app_key&app_secret` gives a
 * token (no signing; the secret travels in that query string only), which every other call carries
 * as the `token` query parameter. The token is renewed five minutes before it expires (as the
 * official SDK does after 1 h 55 m of 2 h) and, once, when a call answers the expired-token
 * errcode; concurrent callers share one fetch. The token is kept in memory and, encrypted, in the
 * plugin state (`setSecret`), so the next run of the pipeline starts with it; every token is
 * passed to `ctx.secret()` so no log line or error shows it.
 */
export class U8TokenAuth implements HttpAuth {
  /** U8 answers an expired token with HTTP 200 and an errcode: the classify hook decides, not a 401. */
  readonly refreshOn401 = false;
  private held: HeldToken | undefined;
  private fetches = 0;
  private inFlight: Promise<void> | undefined;
  private loaded: Promise<void> | undefined;
  private readonly stateKey: string;

  constructor(
    private readonly settings: SinkSettings,
    private readonly http: HttpClient,
    private readonly ctx: PluginContext,
    private readonly now: () => number = Date.now,
  ) {
    this.stateKey = `yonyou-u8.token.${settings.appKey}`;
  }

  /** How many tokens this connection fetched from /system/token. */
  get fetchCount(): number {
    return this.fetches;
  }

  /** Fetches a token now, whatever is held: `check()` proves the credentials this way, not with a stored token. */
  async verify(): Promise<void> {
    this.held = undefined;
    await this.refresh(undefined);
  }

  current(): string | undefined {
    return this.held?.id;
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    await this.ready();
    request.query.token = this.held!.id;
  }

  /**
   * Makes sure a good token is held. The client calls it before a call takes its place in the
   * rate limiter: a call that waited there for a token fetch would be sent at once with the
   * others that waited, a burst past the limit.
   */
  async ready(): Promise<void> {
    await this.loadStored();
    if (this.held === undefined || this.now() >= this.held.renewAt) await this.refresh(this.held?.id);
  }

  refresh(failedWith: string | undefined): Promise<void> {
    if (this.inFlight) return this.inFlight;
    // Someone fetched a new token after this caller's was sent: resend with that one first.
    if (this.held !== undefined && this.held.id !== failedWith && this.now() < this.held.renewAt) return Promise.resolve();
    this.inFlight = this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<void> {
    this.fetches++;
    const response = await this.http.request({
      path: '/system/token',
      query: { from_account: this.settings.fromAccount, app_key: this.settings.appKey, app_secret: this.settings.appSecret },
      noAuth: true,
    });
    const answer = response.json<TokenAnswer>();
    const id = answer.token?.id;
    if (String(answer.errcode) !== '0' || typeof id !== 'string' || id === '') {
      const errcode = answer.errcode === undefined ? 'none' : String(answer.errcode);
      throw new UpstreamError(
        `yonyou-u8 refused the app credentials (errcode ${errcode}: ${typeof answer.errmsg === 'string' ? answer.errmsg : 'no message'}) for ${response.request}: check fromAccount, appKey and appSecret`,
        { status: response.status, platformCode: errcode, code: 'AUTH_FAILED', retryable: false },
      );
    }
    this.ctx.secret(id);
    const lifetimeMs = (typeof answer.token?.expiresIn === 'number' && answer.token.expiresIn > 0 ? answer.token.expiresIn : 7200) * 1000;
    // Five minutes early on U8's two hours; a tenth early on the short lifetimes of a test.
    const early = Math.min(RENEW_EARLY_MS, lifetimeMs / 10);
    this.held = { id, renewAt: this.now() + lifetimeMs - early };
    await this.ctx.state.setSecret(this.stateKey, JSON.stringify(this.held));
  }

  /** A token an earlier run stored and that is still good saves a call; a bad stored value is ignored. */
  private loadStored(): Promise<void> {
    this.loaded ??= this.ctx.state.getSecret(this.stateKey).then((stored) => {
      if (stored === undefined || this.held !== undefined) return;
      try {
        const token = JSON.parse(stored) as Partial<HeldToken>;
        if (typeof token.id === 'string' && typeof token.renewAt === 'number' && this.now() < token.renewAt) {
          this.ctx.secret(token.id);
          this.held = { id: token.id, renewAt: token.renewAt };
        }
      } catch {
        // Not ours, or from an older version: fetch a fresh token.
      }
    });
    return this.loaded;
  }
}
