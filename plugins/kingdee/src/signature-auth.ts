import type { HttpAuth } from '@datong/sdk';
import { signatureHeaders } from './kingdee-signing.js';
import type { SinkSettings } from './sink-settings.js';

/**
 * The header through which a call tells SignatureAuth its path. HttpAuth.apply sees headers, not
 * the URL, yet X-Api-Signature signs the path: the client names it here and apply() takes it off.
 */
export const SIGN_PATH_HEADER = 'x-datong-sign-path';

/**
 * The SDK 8.x per-request signature headers as an HttpAuth: no login, each attempt signed afresh
 * in apply(), which runs after the rate limiter and again before every retry, so the timestamp
 * (the nonce too) is never older than the attempt that carries it.
 */
export class SignatureAuth implements HttpAuth {
  constructor(
    private readonly settings: SinkSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    const path = request.headers[SIGN_PATH_HEADER];
    delete request.headers[SIGN_PATH_HEADER];
    if (path === undefined) throw new Error(`a signed Kingdee call needs its path in ${SIGN_PATH_HEADER}`);
    const { acctId, userName, appId, appSecret, lcid, orgNumber } = this.settings;
    Object.assign(request.headers, signatureHeaders({ acctId, userName, appId, appSecret, lcid, orgNumber, path, timestampMs: this.now() }));
  }
}
