import { ConfigError, UpstreamError, type HttpAuth, type HttpClient, type HttpResponse, type PluginContext, type ResponseVerdict } from '@datong/sdk';
import type { SinkSettings } from './sink-settings.js';
import { tokenSignature } from './token-signature.js';

/** Where a tenant's calls go: the business gateway and the token host. */
export interface GatewayHosts {
  gatewayUrl: string;
  tokenUrl: string;
}

/** Where the access token is kept between runs (encrypted, through setSecret): it lives two hours. */
const STATE_KEY = 'yonbip.access_token';
const TOKEN_PATH = '/open-auth/selfAppAuth/base/v1/getAccessToken';
const DISCOVERY_PATH = '/open-auth/dataCenter/getGatewayAddress';

interface StoredToken {
  token: string;
  expiresAt: number;
  tokenUrl: string;
}

/**
 * YonBIP's self-built-app authentication as an HttpAuth: the tenant's gateway discovered once,
 * then an access token from `getAccessToken` (appKey, timestamp in ms, HMAC-SHA256 signature),
 * sent in the query string only (`access_token=`). The token is renewed shortly before its
 * `expire` runs out and, when a call answers 310036/310001, once per failed token, single-flight:
 * concurrent calls share one token request. Tokens go to ctx.secret() and, encrypted, to the
 * plugin state, so the next run reuses a live one.
 */
export class YonbipAuth implements HttpAuth {
  readonly refreshOn401 = false;
  private token: string | undefined;
  private expiresAt = 0;
  private fetches = 0;
  private inFlight: Promise<void> | undefined;
  private hosts: Promise<GatewayHosts> | undefined;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly settings: SinkSettings,
    private readonly http: HttpClient,
    private readonly ctx: PluginContext,
    private readonly now: () => number = Date.now,
  ) {
    ctx.secret(settings.appSecret);
  }

  /** How many tokens were asked of YonBIP. */
  get tokenRequests(): number {
    return this.fetches;
  }

  /** The gateway and token hosts: pinned by the config, or discovered from the tenant once. */
  gateway(): Promise<GatewayHosts> {
    this.hosts ??= this.settings.pinned ? Promise.resolve(this.settings.pinned) : this.discover();
    this.hosts.catch(() => (this.hosts = undefined));
    return this.hosts;
  }

  current(): string | undefined {
    return this.token;
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    await this.loadStored();
    if (this.token === undefined || this.now() >= this.expiresAt) await this.refresh(this.token);
    request.query.access_token = this.token as string;
  }

  refresh(failedWith: string | undefined): Promise<void> {
    if (this.inFlight) return this.inFlight;
    // Someone renewed after this caller's token was sent: the new one is worth a try first.
    if (this.token !== undefined && this.token !== failedWith && this.now() < this.expiresAt) return Promise.resolve();
    this.inFlight = this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<void> {
    const { tokenUrl } = await this.gateway();
    const timestamp = String(this.now());
    const params = { appKey: this.settings.appKey, timestamp };
    this.fetches++;
    const response = await this.http.request({
      path: `${tokenUrl}${TOKEN_PATH}`,
      query: { ...params, signature: tokenSignature(params, this.settings.appSecret) },
      noAuth: true,
    });
    const body = response.json<{ code?: unknown; message?: unknown; data?: { access_token?: unknown; expire?: unknown } }>();
    const token = body.data?.access_token;
    if (String(body.code) !== '00000' || typeof token !== 'string' || token === '') {
      throw new UpstreamError(
        `YonBIP refused the app credentials (${String(body.code)} ${String(body.message ?? '')}) for ${response.request}: check appKey and appSecret, and that the app is enabled`,
        { status: response.status, platformCode: String(body.code), code: 'AUTH_FAILED', retryable: false },
      );
    }
    this.ctx.secret(token);
    const lifeMs = (typeof body.data?.expire === 'number' ? body.data.expire : 7200) * 1000;
    // Renew a little before the end: a tenth of the life, at most a minute.
    this.token = token;
    this.expiresAt = this.now() + lifeMs - Math.min(60_000, lifeMs / 10);
    await this.ctx.state.setSecret(STATE_KEY, JSON.stringify({ token, expiresAt: this.expiresAt, tokenUrl } satisfies StoredToken));
  }

  /** A token an earlier run stored, if it is still alive and from the same token host. */
  private loadStored(): Promise<void> {
    this.loaded ??= (async () => {
      const text = await this.ctx.state.getSecret(STATE_KEY);
      if (!text) return;
      try {
        const stored = JSON.parse(text) as StoredToken;
        const { tokenUrl } = await this.gateway();
        if (stored.tokenUrl === tokenUrl && stored.expiresAt > this.now() && this.token === undefined) {
          this.ctx.secret(stored.token);
          this.token = stored.token;
          this.expiresAt = stored.expiresAt;
        }
      } catch {
        // An unreadable stored token is no token: a new one is fetched.
      }
    })();
    return this.loaded;
  }

  private async discover(): Promise<GatewayHosts> {
    const response = await this.http.request({ path: `${this.settings.baseUrl}${DISCOVERY_PATH}`, query: { tenantId: this.settings.tenantId }, noAuth: true });
    const body = response.json<{ code?: unknown; message?: unknown; data?: { gatewayUrl?: unknown; tokenUrl?: unknown } }>();
    const { gatewayUrl, tokenUrl } = body.data ?? {};
    if (String(body.code) !== '00000' || typeof gatewayUrl !== 'string' || typeof tokenUrl !== 'string') {
      throw new ConfigError([{ pointer: '/tenantId', message: `YonBIP found no data centre for this tenantId (${String(body.code)} ${String(body.message ?? '')}): check tenantId, or pin gatewayUrl and tokenUrl` }]);
    }
    return { gatewayUrl: gatewayUrl.replace(/\/+$/, ''), tokenUrl: tokenUrl.replace(/\/+$/, '') };
  }
}

/** The discovery and token calls: anything but a JSON answer is the defaults' business (5xx retried). */
export function authClassify(response: HttpResponse): ResponseVerdict | undefined {
  if (response.status >= 200 && response.status < 300) return { ok: true };
  return undefined;
}
