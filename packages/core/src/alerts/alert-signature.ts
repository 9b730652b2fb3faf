import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries an alert's signature, and the one version of the scheme so far. */
export const SIGNATURE_HEADER = 'X-Datong-Signature';
const SCHEME = 'v1';

/**
 * The `X-Datong-Signature` value for a body sent at `timestamp` (Unix seconds):
 * `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Signing the timestamp with
 * the body lets a receiver refuse a delivery replayed later (the same scheme as Stripe's).
 */
export function signAlert(secret: string, rawBody: string | Uint8Array, timestamp: number): string {
  return `t=${timestamp},${SCHEME}=${digest(secret, timestamp, rawBody).toString('hex')}`;
}

/**
 * Whether a delivery really comes from datong: the `X-Datong-Signature` header holds a `v1`
 * HMAC of `"<t>.<raw body>"` under the shared secret, and its timestamp `t` is within
 * `toleranceSeconds` (default 300) of now, either way. Missing or malformed headers are refused.
 * The comparison is constant-time. Several `v1` entries are allowed (any one may match), as in
 * Stripe's scheme, for a sender that signs with an old and a new secret during a rotation.
 *
 * Verify the body exactly as received, before parsing it: re-serialised JSON does not match.
 *
 * @example
 *   // An Express receiver: keep the raw body, verify, then parse.
 *   app.post('/hooks/datong', express.raw({ type: 'application/json' }), (req, res) => {
 *     if (!verifyAlertSignature(process.env.ALERT_SECRET!, req.get('x-datong-signature'), req.body)) return res.sendStatus(401);
 *     const alert = JSON.parse(req.body.toString('utf8'));
 *     res.sendStatus(204);
 *   });
 */
export function verifyAlertSignature(
  secret: string,
  header: string | undefined,
  rawBody: string | Uint8Array,
  options: { toleranceSeconds?: number; now?: () => Date } = {},
): boolean {
  const parsed = parseHeader(header);
  if (!parsed) return false;
  const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  if (Math.abs(now - parsed.timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = digest(secret, parsed.timestamp, rawBody);
  // Every candidate is compared, so the time taken does not say which one matched.
  let match = false;
  for (const candidate of parsed.signatures) {
    if (timingSafeEqual(candidate, expected)) match = true;
  }
  return match;
}

function digest(secret: string, timestamp: number, rawBody: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/** `t=<digits>,v1=<64 hex>[,v1=…]`; other schemes are ignored (a later version may add some). */
function parseHeader(header: string | undefined): { timestamp: number; signatures: Buffer[] } | undefined {
  if (header === undefined) return undefined;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (name === SCHEME) {
      if (!/^[0-9a-f]{64}$/i.test(value)) return undefined;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}
