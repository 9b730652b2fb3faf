import { createHmac, randomBytes } from 'node:crypto';
import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import type { YonbipEmulatorSettings } from './emulator-settings.js';

/** The self-built app the emulated tenant knows. */
export interface AppCredentials {
  appKey: string;
  appSecret: string;
}

interface Issued {
  issuedAt: number;
  expiresAt: number;
  dead: boolean;
}

/**
 * getAccessToken as YonBIP documents it, written apart from the client: `appKey`, `timestamp`
 * (ms) and `signature` in the query; the signature is Base64 of the raw HMAC-SHA256 (key: the
 * appSecret) of the parameters but `signature`, sorted by name, name then value, no separators.
 * It is compared after the query's own decoding and, failing that, after one more URL-decode
 * (a client that encoded it twice). Tokens carry characters that need URL-encoding, as real
 * new-style tokens do.
 */
export class TokenIssuer {
  private readonly tokens = new Map<string, Issued>();
  issuedCount = 0;

  constructor(
    private readonly app: AppCredentials,
    private readonly settings: YonbipEmulatorSettings,
    private readonly kit: EmulatorKit,
  ) {}

  issue(req: EmulatorRequest): EmulatorResponse {
    const appKey = req.query.get('appKey') ?? '';
    const timestamp = req.query.get('timestamp') ?? '';
    const signature = req.query.get('signature') ?? '';
    if (appKey !== this.app.appKey) return { json: { code: '10018', message: '应用不存在或appKey已停用' } };
    if (!/^\d{13}$/.test(timestamp)) return { json: { code: '10004', message: 'timestamp参数错误' } };
    const params: Record<string, string> = {};
    for (const [name, value] of req.query) if (name !== 'signature') params[name] = value;
    const text = Object.keys(params).sort().map((name) => name + params[name]).join('');
    const expected = createHmac('sha256', this.app.appSecret).update(text, 'utf8').digest('base64');
    if (signature !== expected && safeDecode(signature) !== expected) return { json: { code: '10012', message: '签名错误' } };
    const token = `yb.${randomBytes(18).toString('base64')}/${this.issuedCount}+`;
    const now = this.kit.now();
    this.tokens.set(token, { issuedAt: now, expiresAt: now + this.settings.tokenTtlSeconds * 1000, dead: false });
    this.issuedCount++;
    return { json: { code: '00000', message: '成功！', data: { access_token: token, expire: this.settings.tokenTtlSeconds } } };
  }

  /** The gateway's token check of a business call: undefined when the token is good, else 310001/310036. */
  check(req: EmulatorRequest): EmulatorResponse | undefined {
    const token = req.query.get('access_token');
    if (token === null || token === '') return { json: { code: '310001', message: '缺少access_token' } };
    const issued = this.tokens.get(token);
    const now = this.kit.now();
    if (!issued || issued.dead || now >= issued.expiresAt || this.kit.tokenExpired(issued.issuedAt)) {
      return { json: { code: '310036', message: '非法token' }, fault: issued ? 'token-expired' : undefined };
    }
    const left = this.settings.expireTokensAfterCalls;
    if (left !== undefined) {
      if (left <= 0) {
        delete this.settings.expireTokensAfterCalls;
        this.expireAll();
        return { json: { code: '310036', message: '非法token' }, fault: 'token-expired' };
      }
      this.settings.expireTokensAfterCalls = left - 1;
    }
    return undefined;
  }

  /** Every token issued so far dies now. */
  expireAll(): number {
    for (const issued of this.tokens.values()) issued.dead = true;
    return this.tokens.size;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
