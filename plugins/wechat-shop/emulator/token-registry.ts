import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorKit } from '@datong/sdk/emulator';
import type { ErrorName } from './wechat-answers.js';

interface IssuedToken {
  issuedAt: number;
  expiresAt: number;
  /** When a newer token was issued: this one lives on for the grace period after it. */
  supersededAt?: number;
}

/**
 * The access tokens of one AppID as /cgi-bin/token hands them out: valid `ttlSeconds` (7200), and
 * a new request supersedes every earlier token, which keeps working for `graceSeconds` (300)
 * after it and then answers 40001 ("not latest"). A token past its lifetime, or hit by the kit's
 * tokenExpiresAt fault, answers 42001. Counts every token request.
 */
export class TokenRegistry {
  private readonly tokens = new Map<string, IssuedToken>();
  /** How many times /cgi-bin/token issued a token. */
  requests = 0;

  constructor(
    private readonly kit: EmulatorKit,
    private readonly appId: string,
    private readonly ttlSeconds: number,
    private readonly graceSeconds: number,
  ) {}

  issue(): { access_token: string; expires_in: number } {
    const now = this.kit.now();
    this.requests++;
    for (const token of this.tokens.values()) token.supersededAt ??= now;
    const salt = randomBytes(16).toString('hex');
    // Real tokens are ~140 characters of [0-9A-Za-z_-] prefixed by a version number.
    const access_token = `88_${createHash('sha512').update(`${this.appId}:${this.requests}:${salt}`).digest('base64url').slice(0, 132)}`;
    this.tokens.set(access_token, { issuedAt: now, expiresAt: now + this.ttlSeconds * 1000 });
    return { access_token, expires_in: this.ttlSeconds };
  }

  /** Why `token` is refused, or undefined when it is good now. */
  refusal(token: string | null): ErrorName | undefined {
    if (token === null || token === '') return 'missingAccessToken';
    const issued = this.tokens.get(token);
    if (!issued) return 'invalidCredential';
    const now = this.kit.now();
    if (this.kit.tokenExpired(issued.issuedAt) || now >= issued.expiresAt) return 'accessTokenExpired';
    if (issued.supersededAt !== undefined && now >= issued.supersededAt + this.graceSeconds * 1000) return 'invalidCredential';
    return undefined;
  }
}
