import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { wpError, type ErrorStyle } from './rest-errors.js';

/** The store's one REST API key pair, and when it was made (for kit.tokenExpired: a revoked key). */
export interface ApiKey {
  consumerKey: string;
  consumerSecret: string;
  issuedMs: number;
}

/**
 * Checks a request's keys as WooCommerce does over HTTPS: HTTP Basic `consumer_key:consumer_secret`,
 * or the consumer_key / consumer_secret query parameters. The emulator speaks plain http on
 * 127.0.0.1 and accepts Basic there (real WooCommerce wants OAuth 1.0a over http). Returns the
 * error answer, or undefined when the keys are good. A key revoked by the tokenExpiresAt fault
 * answers as a deleted key does.
 */
export function checkKeys(kit: EmulatorKit, key: ApiKey, style: ErrorStyle, req: EmulatorRequest): EmulatorResponse | undefined {
  let given: { key: string; secret: string } | undefined;
  const header = req.headers.authorization;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) given = { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  } else if (req.query.has('consumer_key')) {
    given = { key: req.query.get('consumer_key') ?? '', secret: req.query.get('consumer_secret') ?? '' };
  }
  if (!given) return wpError(style, 401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
  if (given.key !== key.consumerKey) return wpError(style, 401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
  if (given.secret !== key.consumerSecret) return wpError(style, 401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.');
  if (kit.tokenExpired(key.issuedMs)) return wpError(style, 401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
  return undefined;
}
