import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';

export type AuthKind = 'none' | 'bearer' | 'basic' | 'apiKey' | 'apiKeyQuery' | 'hmac';

/** The credentials the emulator issues and the rules it checks them by. */
export interface AuthSettings {
  kind: AuthKind;
  token: string;
  username: string;
  password: string;
  apiKey: string;
  apiKeyHeader: string;
  apiKeyParam: string;
  keyId: string;
  hmacSecret: string;
  hmacEncoding: 'hex' | 'base64';
  hmacHeader: string;
  timestampParam: string;
  keyIdParam: string;
  clockSkewSeconds: number;
  /** When the bearer token was issued (the kit's tokenExpiresAt fault expires tokens issued before it). */
  issuedAt: number;
}

const refuse = (code: number, message: string, fault?: string): EmulatorResponse => ({
  status: 401,
  headers: { 'www-authenticate': 'Bearer realm="own-store"' },
  json: { code, message },
  ...(fault ? { fault } : {}),
});

/** The store's verdict on a request's credentials: undefined when they pass, else its 401 answer. */
export function checkAuth(req: EmulatorRequest, auth: AuthSettings, kit: EmulatorKit): EmulatorResponse | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'bearer': {
      const header = req.headers.authorization ?? '';
      if (!header.startsWith('Bearer ')) return refuse(40100, 'missing access token');
      if (!same(header.slice(7), auth.token)) return refuse(40100, 'invalid access token');
      if (kit.tokenExpired(auth.issuedAt)) return refuse(40101, 'access token expired');
      return undefined;
    }
    case 'basic': {
      const header = req.headers.authorization ?? '';
      if (!header.startsWith('Basic ')) return refuse(40100, 'missing basic credentials');
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0 || !same(decoded.slice(0, colon), auth.username) || !same(decoded.slice(colon + 1), auth.password)) return refuse(40100, 'invalid user name or password');
      return undefined;
    }
    case 'apiKey':
      return same(req.headers[auth.apiKeyHeader.toLowerCase()] ?? '', auth.apiKey) ? undefined : refuse(40102, 'invalid api key');
    case 'apiKeyQuery':
      return same(req.query.get(auth.apiKeyParam) ?? '', auth.apiKey) ? undefined : refuse(40102, 'invalid api key');
    case 'hmac':
      return checkHmac(req, auth, kit);
  }
}

/**
 * The store's HMAC rule, written apart from the plugin's signer: the query parameters, each
 * name and value percent-encoded byte by byte (only A–Z a–z 0–9 - . _ ~ left as they are, hex
 * in upper case), sorted by name then value, joined as name=value with &, HMAC-SHA256 with the
 * shared secret; the timestamp (Unix seconds) within the allowed skew of the store's clock.
 */
function checkHmac(req: EmulatorRequest, auth: AuthSettings, kit: EmulatorKit): EmulatorResponse | undefined {
  const given = req.headers[auth.hmacHeader.toLowerCase()];
  if (!given) return refuse(40103, `missing ${auth.hmacHeader} header`);
  if (req.query.get(auth.keyIdParam) !== auth.keyId) return refuse(40105, `unknown ${auth.keyIdParam}`);
  const stamp = Number(req.query.get(auth.timestampParam));
  if (!Number.isInteger(stamp)) return refuse(40104, `missing or malformed ${auth.timestampParam}`);
  if (Math.abs(stamp * 1000 - kit.now()) > auth.clockSkewSeconds * 1000) return refuse(40104, `${auth.timestampParam} is more than ${auth.clockSkewSeconds} s away from the server clock`);
  const pairs: string[][] = [];
  for (const [name, value] of req.query) pairs.push([escape(name), escape(value)]);
  pairs.sort((x, y) => compareBytes(x[0]!, y[0]!) || compareBytes(x[1]!, y[1]!));
  const text = pairs.map((p) => `${p[0]}=${p[1]}`).join('&');
  const expected = createHmac('sha256', auth.hmacSecret).update(text).digest(auth.hmacEncoding);
  return same(given, expected) ? undefined : refuse(40103, 'signature mismatch');
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

function escape(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
