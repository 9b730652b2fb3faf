import { createHash } from 'node:crypto';
import { headerAuth, OAuth2Refresh, type HttpAuth, type HttpClient, type HttpRequest, type HttpResponse, type PluginContext } from '@datong/sdk';
import { ApiUsageWatch } from './api-usage.js';
import { classifyResponse, platformCode } from './classify-response.js';
import type { SinkSettings } from './sink-settings.js';
import { tokenSignatureMatches } from './token-signature.js';

/**
 * The Salesforce REST API under `{instance_url}/services/data/v{apiVersion}`: one HTTP client with
 * bearer auth (OAuth refreshed on INVALID_SESSION_ID, single-flight, the rotated refresh token
 * kept encrypted in the plugin state; or a fixed access token), one rate limiter per org
 * credential, Salesforce's rules for 401/403, and the Sforce-Limit-Info usage kept up to date.
 *
 * The OAuth token answer has no `expires_in` (the session lasts until it is idle for the org's
 * timeout), so the session is refreshed only when Salesforce says it died, and its `instance_url`
 * is where every later call goes.
 */
export class SalesforceApi {
  readonly usage: ApiUsageWatch;
  readonly auth: HttpAuth;
  private readonly http: HttpClient;
  private instanceUrl: string | undefined;

  constructor(
    private readonly settings: SinkSettings,
    ctx: PluginContext,
  ) {
    const { credentials } = settings;
    this.usage = new ApiUsageWatch(settings.usageWarnPercent, ctx.logger);
    this.instanceUrl = settings.instanceUrl;
    if (credentials.kind === 'token') {
      ctx.secret(credentials.accessToken);
      this.auth = headerAuth({ Authorization: `Bearer ${credentials.accessToken}` });
    } else {
      this.auth = new OAuth2Refresh(
        {
          tokenUrl: `${settings.loginUrl}/services/oauth2/token`,
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          refreshToken: credentials.refreshToken,
          stateKey: 'salesforce.refresh_token',
          platform: 'Salesforce',
          // Salesforce's answer: {access_token, instance_url, id, token_type, issued_at, signature}.
          onToken: (token) => {
            if (settings.instanceUrl === undefined && typeof token.instance_url === 'string') this.instanceUrl = token.instance_url.replace(/\/+$/, '');
            const { id, issued_at: issuedAt, signature } = token;
            if (typeof id === 'string' && typeof issuedAt === 'string' && typeof signature === 'string' && !tokenSignatureMatches(id, issuedAt, signature, credentials.clientSecret)) {
              // A warning, not a failure: the session works either way, and the check guards only the identity URL.
              ctx.logger.warn('salesforce: the token answer\'s signature does not match its id and issued_at under this clientSecret; is loginUrl the real Salesforce?', { loginUrl: settings.loginUrl });
            }
          },
        },
        ctx,
      );
    }
    this.http = ctx.http({
      // Every path is absolute (the instance is known only after the first token): this is a placeholder.
      baseUrl: settings.instanceUrl ?? settings.loginUrl,
      platform: 'Salesforce',
      auth: this.auth,
      limiter: ctx.rateLimiter(limiterId(settings), pacing(settings.maxRequestsPerSecond)),
      classify: (response) => classifyResponse(response, credentials.kind === 'oauth'),
      platformCode,
      observe: (response) => this.usage.observe(response),
    });
  }

  /** How many times the session was refreshed (the first token included), for tests and logs. */
  get refreshCount(): number {
    return this.auth instanceof OAuth2Refresh ? this.auth.refreshCount : 0;
  }

  /** A call under `/services/data/vXX.X`; `path` starts with '/'. */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const base = await this.dataUrl();
    return this.http.request({ ...request, path: `${base}${request.path}` });
  }

  /** A call to a path Salesforce handed back whole (a query's nextRecordsUrl: `/services/data/v62.0/query/01g…`). */
  async requestAbsolutePath(path: string): Promise<HttpResponse> {
    await this.dataUrl();
    return this.http.request({ path: `${this.instanceUrl}${path}` });
  }

  private async dataUrl(): Promise<string> {
    if (this.instanceUrl === undefined && this.auth.refresh) await this.auth.refresh(undefined);
    return `${this.instanceUrl}/services/data/v${this.settings.apiVersion}`;
  }
}

/**
 * A token bucket that keeps to `perSecond` over any rolling second: a tenth as burst, the rest as
 * refill (a bucket of a full second plus its refill would let twice the rate through one window).
 */
export function pacing(perSecond: number): { capacity: number; refillPerSecond: number } {
  const capacity = Math.max(1, Math.ceil(perSecond / 10));
  return { capacity, refillPerSecond: Math.max(perSecond - capacity, 0.5) };
}

/** Limits count per org: a digest of the credential names the bucket, never the credential. */
function limiterId(settings: SinkSettings): string {
  const c = settings.credentials;
  const secret = c.kind === 'token' ? c.accessToken : `${c.clientId}:${c.refreshToken}`;
  return `salesforce:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}
