import { createHash, createHmac } from 'node:crypto';

/** The third-party app the emulated site has registered, and who it acts as. */
export interface KingdeeCredentials {
  acctId: string;
  userName: string;
  appId: string;
  appSecret: string;
  orgNumber: string;
  [name: string]: string;
}

/**
 * The emulator's own reading of the two documented schemes (never the client's code):
 *
 * - LoginBySign: SHA-256, lowercase hex, over acctId, userName, appId, appSecret and timestamp
 *   sorted by code unit and concatenated.
 * - Per-request headers: the HMAC key is the appId's 32-character blob after '_', base64-decoded,
 *   each byte XORed with the ASCII text 0054f397c6234378b09ca7d3e5debce7, base64-encoded again;
 *   X-Api-Signature = base64(hex(HMAC-SHA256(key, "POST\n" + pct(path) + "\n\n" +
 *   "x-api-nonce:" + nonce + "\n" + "x-api-timestamp:" + ts + "\n"))); X-Kd-Signature =
 *   base64(hex(HMAC-SHA256(appSecret, appId + "acctId,userName,lcid,orgNum"))).
 */
export class SiteCredentials {
  constructor(readonly app: KingdeeCredentials) {}

  expectedLoginSign(acctId: string, userName: string, appId: string, timestamp: string): string {
    const parts = [acctId, userName, appId, this.app.appSecret, timestamp];
    parts.sort((a, b) => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const d = a.charCodeAt(i) - b.charCodeAt(i);
        if (d !== 0) return d;
      }
      return a.length - b.length;
    });
    return createHash('sha256').update(Buffer.from(parts.join(''), 'utf8')).digest('hex');
  }

  /** The HMAC key of X-Api-Signature, derived from the registered appId. */
  gatewayKey(): string {
    const blob = this.app.appId.split('_').slice(1).join('_');
    if (blob.length !== 32) return blob;
    const mask = '0054f397c6234378b09ca7d3e5debce7';
    const raw = Buffer.from(blob, 'base64');
    return Buffer.from(raw.map((byte, i) => byte ^ mask.charCodeAt(i))).toString('base64');
  }

  expectedApiSignature(path: string, nonce: string, timestamp: string): string {
    const encoded = [...Buffer.from(path, 'utf8')].map((b) => (/[A-Za-z0-9._-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
    const toSign = ['POST', encoded, '', `x-api-nonce:${nonce}`, `x-api-timestamp:${timestamp}`, ''].join('\n');
    return hexThenBase64(this.gatewayKey(), toSign);
  }

  expectedKdSignature(appDataPlain: string): string {
    return hexThenBase64(this.app.appSecret, this.app.appId + appDataPlain);
  }
}

function hexThenBase64(key: string, message: string): string {
  return Buffer.from(createHmac('sha256', key).update(message).digest('hex')).toString('base64');
}
