import { createHash, createHmac } from 'node:crypto';

/**
 * LoginBySign's `sign`: the lowercase hex SHA-256 of acctId, userName, appId, appSecret and the
 * timestamp (Unix seconds), sorted ordinally (by UTF-16 code unit, as .NET's ordinal sort and
 * Java's String.compareTo do) and joined with nothing between them.
 */
export function loginSign(parts: { acctId: string; userName: string; appId: string; appSecret: string; timestamp: string }): string {
  const sorted = [parts.acctId, parts.userName, parts.appId, parts.appSecret, parts.timestamp].sort(ordinal);
  return createHash('sha256').update(sorted.join(''), 'utf8').digest('hex');
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The mask the SDK XORs the appId's blob with to get the gateway secret. */
const API_SECRET_MASK = Buffer.from('0054f397c6234378b09ca7d3e5debce7', 'ascii');

/**
 * The gateway secret (the HMAC key of X-Api-Signature) derived from the appId
 * `<clientId>_<32-char base64 blob>`: the blob base64-decoded (24 bytes), each byte XORed with the
 * byte at the same place of the ASCII mask, base64-encoded again. A blob of another length is
 * used as it is (the Java SDK's choice; the Python SDK uses "" there).
 */
export function gatewaySecret(appId: string): string {
  const blob = appId.slice(appId.indexOf('_') + 1);
  if (!appId.includes('_') || blob.length !== 32) return blob;
  const bytes = Buffer.from(blob, 'base64');
  const mixed = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) mixed[i] = bytes[i]! ^ API_SECRET_MASK[i % API_SECRET_MASK.length]!;
  return mixed.toString('base64');
}

/** Base64 of the lowercase hex text (not the raw bytes) of an HMAC-SHA256: both Kingdee signatures take this form. */
export function base64HexHmac(key: string, message: string): string {
  const hex = createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');
  return Buffer.from(hex, 'ascii').toString('base64');
}

export interface SignatureInput {
  acctId: string;
  userName: string;
  appId: string;
  appSecret: string;
  lcid: number;
  orgNumber: string;
  /** The request path, from the first '/' after the host: `/k3cloud/Kingdee.BOS...Save.common.kdsvc`. */
  path: string;
  /** Epoch ms (the Java SDK's unit); it is also the nonce. */
  timestampMs: number;
}

/**
 * The SDK 8.x "third-party authorization" headers for one POST: no login, every request signed.
 * X-Api-Signature signs `POST\n<path percent-encoded, '/' as %2F>\n\nx-api-nonce:<n>\nx-api-timestamp:<t>\n`
 * with the gateway secret; X-Kd-Signature signs appId + "acctId,userName,lcid,orgNum" with the app secret.
 */
export function signatureHeaders(input: SignatureInput): Record<string, string> {
  const timestamp = String(input.timestampMs);
  const nonce = timestamp;
  const stringToSign = `POST\n${encodeURIComponent(input.path)}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${timestamp}\n`;
  const appData = `${input.acctId},${input.userName},${input.lcid},${input.orgNumber}`;
  return {
    'X-Api-ClientID': input.appId.split('_')[0]!,
    'X-Api-Auth-Version': '2.0',
    'x-api-timestamp': timestamp,
    'x-api-nonce': nonce,
    'x-api-signheaders': 'X-Api-TimeStamp,X-Api-Nonce',
    'X-Api-Signature': base64HexHmac(gatewaySecret(input.appId), stringToSign),
    'X-Kd-Appkey': input.appId,
    'X-Kd-Appdata': Buffer.from(appData, 'utf8').toString('base64'),
    'X-Kd-Signature': base64HexHmac(input.appSecret, input.appId + appData),
  };
}
