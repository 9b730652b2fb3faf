import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';

interface Issued {
  token: string;
  issuedAt: number;
  expiresAt: number;
  revokedAt?: number;
}

export interface TokenDeskOptions {
  clientId: string;
  clientSecret: string;
  kdtId: string;
  /** Token lifetime, ms; Youzan: 7 days. */
  ttlMs: number;
  /** How long a token replaced by refresh=true keeps working, ms: the docs say both "1 hour" and "at once" (UNCONFIRMED); default 0. */
  oldTokenGraceMs: number;
}

/** What a presented access token is worth. */
export type TokenCheck = 'ok' | 'missing' | 'unknown' | 'expired';

/**
 * Youzan's `/auth/token` for self-use apps (authorize_type=silent): JSON body only, answers
 * `{success, code, data:{access_token, expires (ms epoch), scope, authority_id}, message}`, errors
 * as success:false with 1000/1103/1105 inside HTTP 200. refresh=false returns the current token
 * while it is valid; refresh=true (or an expired one) issues a new token.
 */
export class TokenDesk {
  private readonly issued = new Map<string, Issued>();
  private current: Issued | undefined;
  private count = 0;

  constructor(private readonly kit: EmulatorKit, private readonly options: TokenDeskOptions) {}

  get issuedCount(): number {
    return this.count;
  }

  handle(req: EmulatorRequest): EmulatorResponse {
    if (!(req.headers['content-type'] ?? '').toLowerCase().includes('application/json')) {
      return fail(1000, `Content type '${req.headers['content-type'] ?? ''}' not supported,Please use 'application/json;charset=UTF-8'`);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.client_id !== this.options.clientId) return fail(1103, 'Client 不存在');
    if (body.client_secret !== this.options.clientSecret) return fail(1000, '应用信息错误');
    if (body.authorize_type !== 'silent') return fail(1105, '不支持的应用类型');
    if (String(body.grant_id ?? '') !== this.options.kdtId) return fail(1103, '授权关系不存在');
    const now = this.kit.now();
    const renew = body.refresh === true || body.refresh === 'true';
    if (!renew && this.current && this.check(this.current.token) === 'ok') return this.answer(this.current);
    if (this.current) this.current.revokedAt = now + this.options.oldTokenGraceMs;
    this.count++;
    const token = `${this.kit.random.int(0x10000000, 0x7fffffff).toString(16)}${this.kit.random.int(0x10000000, 0x7fffffff).toString(16)}${this.count.toString(16).padStart(4, '0')}`;
    const issued: Issued = { token, issuedAt: now, expiresAt: now + this.options.ttlMs };
    this.issued.set(token, issued);
    this.current = issued;
    return this.answer(issued);
  }

  /** A token issued outright, for `credentials` and tests. */
  issue(): string {
    const now = this.kit.now();
    this.count++;
    const issued: Issued = { token: `emu${this.count}${now.toString(36)}`, issuedAt: now, expiresAt: now + this.options.ttlMs };
    this.issued.set(issued.token, issued);
    this.current = issued;
    return issued.token;
  }

  check(token: string | null): TokenCheck {
    if (!token) return 'missing';
    const found = this.issued.get(token);
    if (!found) return 'unknown';
    const now = this.kit.now();
    if (now >= found.expiresAt || (found.revokedAt !== undefined && now >= found.revokedAt)) return 'expired';
    if (this.kit.tokenExpired(found.issuedAt)) return 'expired';
    return 'ok';
  }

  private answer(issued: Issued): EmulatorResponse {
    return {
      json: {
        success: true,
        code: 200,
        data: { expires: issued.expiresAt, scope: 'trade item user scrm', access_token: issued.token, authority_id: this.options.kdtId },
        message: null,
      },
    };
  }
}

function fail(code: number, message: string): EmulatorResponse {
  return { json: { success: false, code, data: null, message } };
}
