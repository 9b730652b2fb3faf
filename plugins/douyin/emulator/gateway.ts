import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { ERRORS, success } from './envelope.js';
import { canonicalParamJson, expectedSign, sameSign, timestampMs } from './gateway-signature.js';
import type { TokenStore } from './token-store.js';

/** What a method handler gets: the parsed business params and the gateway's clock. */
export type MethodHandler = (params: Record<string, unknown>) => EmulatorResponse | Promise<EmulatorResponse>;

export interface GatewayOptions {
  kit: EmulatorKit;
  appKey: string;
  appSecret: string;
  tokens: TokenStore;
  /** Methods that take no access_token (token.create, token.refresh). */
  unauthenticated: Set<string>;
  methods: Map<string, MethodHandler>;
  /** The most a request's timestamp may be off the emulator's clock, s (UNCONFIRMED; default 600). */
  skewSeconds: number;
  /** Whether the current throttle ban is still on (the rate-limit fault's aftermath). */
  banned: () => boolean;
  throttled: () => EmulatorResponse;
}

/**
 * The gateway in front of every method: `/{method with . → /}` must match the `method` query,
 * app_key must be the app's, the timestamp near the clock, v=2, the signature right (re-computed
 * over the re-sorted param_json), the access token known and alive unless the method takes none.
 * Errors come in the envelope with HTTP 200, as the platform's do.
 */
export function gateway(options: GatewayOptions) {
  return async (req: EmulatorRequest): Promise<EmulatorResponse> => {
    const { kit } = options;
    if (options.banned()) return options.throttled();
    const q = req.query;
    const method = q.get('method') ?? '';
    if (`/${method.replace(/\./g, '/')}` !== req.path) return ERRORS.unknownMethod(method || req.path);
    const handler = options.methods.get(method);
    if (!handler) return ERRORS.unknownMethod(method);
    if (q.get('app_key') !== options.appKey) return ERRORS.unknownApp();
    if (q.get('v') !== '2') return ERRORS.badParam('v must be 2');
    const timestamp = q.get('timestamp') ?? '';
    const at = timestampMs(timestamp);
    if (at === undefined || Math.abs(at - kit.now()) > options.skewSeconds * 1000) return ERRORS.badTimestamp();
    const rawJson = q.get('param_json') ?? req.rawBody.toString('utf8');
    const canonical = canonicalParamJson(rawJson);
    if (canonical === undefined) return ERRORS.badParam('param_json is not JSON');
    const signMethod = q.get('sign_method') ?? 'md5';
    if (signMethod !== 'md5' && signMethod !== 'hmac-sha256') return ERRORS.badParam(`sign_method ${signMethod}`);
    const wanted = expectedSign({ appKey: options.appKey, method, paramJson: canonical, timestamp, v: '2' }, options.appSecret, signMethod);
    if (!sameSign(q.get('sign') ?? '', wanted)) return ERRORS.badSign();
    if (!options.unauthenticated.has(method)) {
      const token = options.tokens.check(q.get('access_token') ?? '');
      if (token.state === 'unknown') return ERRORS.noToken();
      if (token.state === 'expired') return ERRORS.expiredToken();
      if (kit.tokenExpired(token.pair.issuedAt)) return ERRORS.expiredToken('token-expired');
    }
    const params = JSON.parse(canonical) as unknown;
    if (params === null || typeof params !== 'object' || Array.isArray(params)) return ERRORS.badParam('param_json must be an object');
    return handler(params as Record<string, unknown>);
  };
}

export { success };
