import { UpstreamError, type HttpAuth, type HttpClient, type PluginContext } from '@datong/sdk';
import { loginSign } from './kingdee-signing.js';
import type { SinkSettings } from './sink-settings.js';

/** The login service: session login with a SHA-256 sign, the one Kingdee recommends. */
export const LOGIN_SERVICE = 'Kingdee.BOS.WebApi.ServicesStub.AuthService.LoginBySign.common.kdsvc';

/** The part of LoginBySign's answer the sink reads. */
interface LoginResult {
  LoginResultType?: number;
  IsSuccessByAPI?: boolean;
  Message?: string | null;
  KDSVCSessionId?: string | null;
}

/**
 * Session auth as an HttpAuth: logs in with LoginBySign before the first call, then sends the
 * session on every call as the `kdservice-sessionid` cookie. When Kingdee says the session is lost
 * (MsgCode 1, see classifyResponse) the HTTP client calls `refresh`: concurrent callers share one
 * login (single-flight), and a caller whose session was already replaced just resends. The session
 * id is kept in memory only, and handed to ctx.secret() so it is redacted everywhere.
 */
export class LoginSession implements HttpAuth {
  /** Kingdee never answers 401 for a lost session: MsgCode 1 in a 200 says it. */
  readonly refreshOn401 = false;
  private sessionId: string | undefined;
  private inFlight: Promise<void> | undefined;
  private count = 0;
  private http: HttpClient | undefined;

  constructor(
    private readonly settings: SinkSettings,
    private readonly ctx: PluginContext,
  ) {}

  /** The client logins go through (the sink's own, so they share its rate limiter). */
  attach(http: HttpClient): void {
    this.http = http;
  }

  /** How many times this connection logged in. */
  get logins(): number {
    return this.count;
  }

  current(): string | undefined {
    return this.sessionId;
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    if (this.sessionId === undefined) await this.refresh(undefined);
    request.headers.cookie = `kdservice-sessionid=${this.sessionId!}`;
  }

  refresh(failedWith: string | undefined): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.sessionId !== undefined && this.sessionId !== failedWith) return Promise.resolve();
    this.inFlight = this.login().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async login(): Promise<void> {
    if (!this.http) throw new Error('LoginSession used before attach()');
    const { acctId, userName, appId, appSecret, lcid } = this.settings;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sign = loginSign({ acctId, userName, appId, appSecret, timestamp });
    this.ctx.secret(sign);
    this.count++;
    const response = await this.http.request({
      method: 'POST',
      path: LOGIN_SERVICE,
      json: { parameters: [acctId, userName, appId, timestamp, sign, lcid] },
      noAuth: true,
    });
    const result = response.json<LoginResult>();
    if (result?.LoginResultType !== 1 && result?.IsSuccessByAPI !== true) {
      throw new UpstreamError(
        `Kingdee refused the login (LoginResultType ${result?.LoginResultType ?? '?'}: ${result?.Message ?? 'no message'}): check the credentials acctId, userName, appId and appSecret`,
        { status: response.status, platformCode: String(result?.LoginResultType ?? ''), code: 'AUTH_FAILED', retryable: false },
      );
    }
    const sessionId = sessionCookie(response.headers['set-cookie']) ?? result.KDSVCSessionId ?? undefined;
    if (!sessionId) {
      throw new UpstreamError('Kingdee accepted the login but sent no session (no kdservice-sessionid cookie, no KDSVCSessionId)', { status: response.status, code: 'BAD_RESPONSE', retryable: false });
    }
    this.ctx.secret(sessionId);
    this.sessionId = sessionId;
  }
}

/** The `kdservice-sessionid` value among Set-Cookie headers (joined with ", " by the HTTP kit). */
function sessionCookie(setCookie: string | undefined): string | undefined {
  const match = /(?:^|[\s,;])kdservice-sessionid=([^;,\s]+)/i.exec(setCookie ?? '');
  return match?.[1];
}
