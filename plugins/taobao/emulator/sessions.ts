import { randomBytes } from 'node:crypto';
import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';

/** A session (access token) the emulated OAuth server issued. */
interface Issued {
  issuedAt: number;
  expiresAt: number;
}

/**
 * The seller's sessions and refresh tokens, and `POST /token` (oauth.taobao.com/token): the
 * refresh_token grant with client_id = app key and client_secret = app secret. Refresh tokens
 * rotate: the old one dies when the new one is issued. A session dies at its TTL or when the
 * kit's tokenExpiresAt fault says tokens issued before it expired.
 */
export class Sessions {
  private readonly sessions = new Map<string, Issued>();
  private readonly refreshTokens = new Set<string>();
  refreshCount = 0;

  constructor(
    private readonly kit: EmulatorKit,
    private readonly appKey: string,
    private readonly appSecret: string,
    private readonly ttlSeconds: number,
  ) {}

  /** A session and refresh token pair, as after the seller authorized the app. */
  install(): { session: string; refreshToken: string } {
    return this.issue();
  }

  /** 'ok', 'expired' or 'invalid' for a session sent with a call. */
  check(session: string): 'ok' | 'expired' | 'invalid' {
    const issued = this.sessions.get(session);
    if (!issued) return 'invalid';
    if (this.kit.now() >= issued.expiresAt || this.kit.tokenExpired(issued.issuedAt)) return 'expired';
    return 'ok';
  }

  handle(req: EmulatorRequest): EmulatorResponse {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    const refused = (error: string, description: string): EmulatorResponse => ({ status: 400, json: { error, error_description: description } });
    if (form.grant_type !== 'refresh_token') return refused('unsupported_grant_type', 'only refresh_token is emulated');
    if (form.client_id !== this.appKey || form.client_secret !== this.appSecret) return refused('invalid_client', 'client_id or client_secret is wrong');
    if (!form.refresh_token || !this.refreshTokens.has(form.refresh_token)) return refused('invalid_grant', 'refresh_token is invalid or expired');
    this.refreshTokens.delete(form.refresh_token);
    this.refreshCount += 1;
    const pair = this.issue();
    return {
      json: {
        access_token: pair.session, token_type: 'Bearer', expires_in: this.ttlSeconds, refresh_token: pair.refreshToken,
        re_expires_in: this.ttlSeconds * 2, r1_expires_in: this.ttlSeconds, r2_expires_in: this.ttlSeconds, w1_expires_in: this.ttlSeconds,
        w2_expires_in: this.ttlSeconds, taobao_user_id: '2200000000001', taobao_user_nick: 'datong%E6%BC%94%E7%A4%BA%E5%BA%97',
      },
    };
  }

  private issue(): { session: string; refreshToken: string } {
    const now = this.kit.now();
    const session = `6100${randomBytes(20).toString('hex')}`;
    const refreshToken = `6102${randomBytes(20).toString('hex')}`;
    this.sessions.set(session, { issuedAt: now, expiresAt: now + this.ttlSeconds * 1000 });
    this.refreshTokens.add(refreshToken);
    return { session, refreshToken };
  }
}
