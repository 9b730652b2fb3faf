import { UpstreamError, type HttpAuth, type HttpClient, type HttpResponse, type PluginContext } from '@datong/sdk';
import type { ResolvedYouzanConfig } from './youzan-config.js';

const TOKEN_KEY = 'youzan.access_token';
const EXPIRES_KEY = 'youzan.access_token_expires';

/** The token endpoint's answer: `expires` is the moment of expiry in ms (7 days), not a duration. */
interface TokenAnswer {
  success?: boolean;
  code?: number;
  message?: string | null;
  data?: { access_token?: string; expires?: number; authority_id?: string; scope?: string } | null;
}

/**
 * A self-use (自用型) app's access token as an HttpAuth: exchanged at `/auth/token` with
 * authorize_type=silent, client_id, client_secret and grant_id (the shop's kdt_id), sent as the
 * `access_token` query parameter. The token and its expiry are kept in ctx.state (the token
 * encrypted), renewed with refresh=true `tokenLeewayMs` before expiry, and renewed once more when
 * the gateway calls it expired or unknown (4202/4203/4201). Concurrent callers share one exchange.
 */
export class SilentToken implements HttpAuth {
  private token: string | undefined;
  private expiresAt: number | undefined;
  /** The lifetime of a token this process was issued; a leeway longer than half of it would renew on every call. */
  private lifetime: number | undefined;
  private loaded: Promise<void> | undefined;
  private inFlight: Promise<void> | undefined;
  private exchanges = 0;
  private readonly http: HttpClient;

  constructor(
    private readonly config: ResolvedYouzanConfig,
    private readonly ctx: PluginContext,
    private readonly now: () => number = Date.now,
  ) {
    ctx.secret(config.clientSecret);
    this.http = ctx.http({ baseUrl: config.baseUrl, platform: 'youzan', classify: (r) => this.classify(r) });
  }

  /** How many times the token endpoint was asked. */
  get exchangeCount(): number {
    return this.exchanges;
  }

  current(): string | undefined {
    return this.token;
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    await this.load();
    if (this.token === undefined || this.expiring()) await this.refresh(this.token);
    request.query.access_token = this.token as string;
  }

  refresh(failedWith: string | undefined): Promise<void> {
    if (this.inFlight) return this.inFlight;
    // Someone renewed after this caller's token was sent: the new one is worth a try first.
    if (this.token !== undefined && this.token !== failedWith && !this.expiring()) return Promise.resolve();
    this.inFlight = this.exchange(failedWith !== undefined).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private expiring(): boolean {
    const leeway = this.lifetime === undefined ? this.config.tokenLeewayMs : Math.min(this.config.tokenLeewayMs, this.lifetime / 2);
    return this.expiresAt !== undefined && this.now() >= this.expiresAt - leeway;
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const token = await this.ctx.state.getSecret(TOKEN_KEY);
      const expires = await this.ctx.state.get<number>(EXPIRES_KEY);
      if (token && typeof expires === 'number' && this.now() < expires) {
        this.ctx.secret(token);
        this.token = token;
        this.expiresAt = expires;
      }
    })();
    return this.loaded;
  }

  /**
   * Asks for a token. refresh=false returns the shop's current token while it is valid (without
   * extending it); refresh=true issues a new one, which is what a token near expiry or refused needs.
   */
  private async exchange(renew: boolean): Promise<void> {
    this.exchanges++;
    const response = await this.http.request({
      method: 'POST',
      path: '/auth/token',
      noAuth: true,
      json: {
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        authorize_type: 'silent',
        grant_id: this.config.grantId,
        refresh: renew || this.token !== undefined,
      },
    });
    const answer = response.json<TokenAnswer>();
    const token = answer.data?.access_token;
    if (typeof token !== 'string' || token === '') throw this.refused(response, answer);
    this.ctx.secret(token);
    this.token = token;
    const expires = Number(answer.data?.expires);
    // `expires` is a ms epoch (7 days ahead); a value that is not one is read as seconds to go.
    this.expiresAt = Number.isFinite(expires) && expires > 1e12 ? expires : Number.isFinite(expires) && expires > 0 ? this.now() + expires * 1000 : this.now() + 7 * 86_400_000;
    this.lifetime = this.expiresAt - this.now();
    await this.ctx.state.setSecret(TOKEN_KEY, token);
    await this.ctx.state.set(EXPIRES_KEY, this.expiresAt);
  }

  private classify(response: HttpResponse): { error: UpstreamError } | undefined {
    if (response.status !== 200) return undefined;
    let answer: TokenAnswer;
    try {
      answer = response.json<TokenAnswer>();
    } catch {
      return undefined;
    }
    if (answer.success === false || (answer.code !== undefined && answer.code !== 200)) return { error: this.refused(response, answer) };
    return undefined;
  }

  private refused(response: HttpResponse, answer: TokenAnswer): UpstreamError {
    const code = answer.code === undefined ? undefined : String(answer.code);
    return new UpstreamError(
      `youzan refused the token request for shop ${this.config.grantId} (code ${code ?? '?'}: ${answer.message ?? 'no access_token in the answer'}; ${response.request}): ` +
        'check clientId, clientSecret and grantId, and that the shop still authorizes the app (店铺后台 → 有赞服务 → 定制服务); re-authorize it if not',
      { status: response.status, platformCode: code, code: 'AUTH_FAILED', retryable: false },
    );
  }
}
