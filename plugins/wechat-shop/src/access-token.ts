import { createHash } from 'node:crypto';
import { UpstreamError, type HttpAuth, type HttpClient, type PluginContext } from '@datong/sdk';

/** A token as datong keeps it in its state (encrypted, with setSecret), shared by every process. */
export interface StoredToken {
  token: string;
  /** Ms epoch. */
  expiresAt: number;
  /** A hash of the AppSecret it was obtained with: a token is reused only under the same credentials. */
  credential?: string;
}

/** Renew this long before the token's own expiry: other processes still have 5 minutes' grace on the old one. */
const LEEWAY_MS = 300_000;

/** One app's token in this process: every connection to the same gateway and AppID shares it. */
interface TokenHolder {
  token?: StoredToken;
  inFlight?: Promise<void>;
  /** How many times this process asked /cgi-bin/token (for tests and logs). */
  requests: number;
}

const holders = new Map<string, TokenHolder>();

/** A short one-way fingerprint of the credentials: never the secret itself, in memory or in the store. */
function fingerprint(appId: string, appSecret: string | undefined): string {
  return createHash('sha256').update(`${appId}\n${appSecret ?? ''}`).digest('hex').slice(0, 16);
}

/**
 * Forgets the tokens this process holds, as a new process would start: tests use it to play a
 * second datong process that shares only the state store.
 */
export function forgetProcessTokens(): void {
  holders.clear();
}

/** How many times this process asked /cgi-bin/token for this gateway and AppID. */
export function tokenRequestCount(baseUrl: string, appId: string, appSecret: string): number {
  return holders.get(`${baseUrl}|${fingerprint(appId, appSecret)}`)?.requests ?? 0;
}

/**
 * WeChat's access token (`GET /cgi-bin/token?grant_type=client_credential`), valid 7200 s, as an
 * HttpAuth that puts it in the `access_token` query parameter.
 *
 * WeChat keeps one live token per AppID: asking again invalidates the previous token after a
 * 5-minute overlap, so every caller must share one. Inside the process the token is held per
 * gateway and AppID and renewed single-flight; across processes it lives in `ctx.state`
 * (setSecret, with its expiry), and a process takes the stored token before it asks for a new
 * one. A rejected token (40001/42001) is renewed once: first from the state (another process may
 * already have renewed), then from the platform.
 */
export class WechatAccessToken implements HttpAuth {
  /** WeChat answers with errcodes in HTTP 200, never a 401: the client's classify asks for refreshes. */
  readonly refreshOn401 = false;
  private readonly holder: TokenHolder;
  private readonly stateKey: string;
  private readonly credential: string;

  constructor(
    private readonly options: { baseUrl: string; appId: string; appSecret?: string; accessToken?: string; tokenClient: HttpClient; now?: () => number },
    private readonly ctx: PluginContext,
  ) {
    this.credential = fingerprint(options.appId, options.appSecret);
    const key = `${options.baseUrl}|${this.credential}`;
    let holder = holders.get(key);
    if (!holder) {
      holder = { requests: 0 };
      holders.set(key, holder);
    }
    this.holder = holder;
    this.stateKey = `wechat.access_token.${options.appId}`;
    for (const secret of [options.appSecret, options.accessToken, holder.token?.token]) if (secret) ctx.secret(secret);
  }

  /** Whether the token comes from the config (managed elsewhere): then it is never renewed here. */
  get fixed(): boolean {
    return this.options.accessToken !== undefined;
  }

  current(): string | undefined {
    return this.options.accessToken ?? this.holder.token?.token;
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    request.query.access_token = await this.valid();
  }

  /** Renews after `failedWith` was refused; concurrent callers share one renewal. */
  async refresh(failedWith: string | undefined): Promise<void> {
    if (this.fixed) return;
    if (this.holder.inFlight) return this.holder.inFlight;
    const held = this.holder.token;
    // Someone renewed after this caller's token was sent: try the new one first.
    if (held !== undefined && held.token !== failedWith) return;
    return this.renew(failedWith);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private fresh(token: StoredToken | undefined): boolean {
    return token !== undefined && this.now() < token.expiresAt - LEEWAY_MS;
  }

  private async valid(): Promise<string> {
    if (this.options.accessToken !== undefined) return this.options.accessToken;
    if (this.holder.inFlight) await this.holder.inFlight;
    if (!this.fresh(this.holder.token)) await this.renew(this.holder.token?.token);
    return (this.holder.token as StoredToken).token;
  }

  private renew(refused: string | undefined): Promise<void> {
    this.holder.inFlight ??= this.take(refused).finally(() => {
      this.holder.inFlight = undefined;
    });
    return this.holder.inFlight;
  }

  /** The stored token when another process renewed it (and it is not the refused one), else a new one. */
  private async take(refused: string | undefined): Promise<void> {
    const stored = parseStored(await this.ctx.state.getSecret(this.stateKey));
    if (stored !== undefined && stored.credential === this.credential && this.fresh(stored) && stored.token !== refused) {
      this.ctx.secret(stored.token);
      this.holder.token = stored;
      return;
    }
    const token = await this.fetch();
    this.holder.token = token;
    await this.ctx.state.setSecret(this.stateKey, JSON.stringify(token));
  }

  private async fetch(): Promise<StoredToken> {
    const { appId, appSecret } = this.options;
    if (appSecret === undefined) throw new UpstreamError('no appSecret to ask WeChat for an access token', { code: 'AUTH_FAILED' });
    this.holder.requests++;
    const asked = this.now();
    const response = await this.options.tokenClient.request({
      path: '/cgi-bin/token',
      query: { grant_type: 'client_credential', appid: appId, secret: appSecret },
      noAuth: true,
    });
    const body = response.json<{ access_token?: unknown; expires_in?: unknown }>();
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new UpstreamError(`WeChat answered ${response.request} without an access_token: check the appId and appSecret credentials`, {
        code: 'AUTH_FAILED',
        status: response.status,
      });
    }
    this.ctx.secret(body.access_token);
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 7200;
    this.ctx.logger.info(`wechat-shop: new access token for ${appId}, valid ${seconds} s`, { appId });
    return { token: body.access_token, expiresAt: asked + seconds * 1000, credential: this.credential };
  }
}

function parseStored(text: string | undefined): StoredToken | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<StoredToken>;
    return typeof value.token === 'string' && typeof value.expiresAt === 'number' ? { token: value.token, expiresAt: value.expiresAt, credential: value.credential } : undefined;
  } catch {
    return undefined;
  }
}
