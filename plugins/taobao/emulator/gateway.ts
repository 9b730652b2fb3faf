import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import type { Sessions } from './sessions.js';
import { expectedSign, signMatches } from './sign-check.js';
import { banAnswer, topError } from './top-answers.js';

/** One API of the emulated gateway: its business parameters in, its answer out. */
export type TopApi = (params: Map<string, string>) => EmulatorResponse | Promise<EmulatorResponse>;

export interface GatewayOptions {
  kit: EmulatorKit;
  sessions: Sessions;
  appKey: string;
  appSecret: string;
  apis: ReadonlyMap<string, TopApi>;
  /** The timestamp may be this far from the gateway's clock (UNCONFIRMED: 10 minutes). */
  maxSkewMinutes: number;
  ban: FlowControl;
}

/** TOP's flow-control ban: once answered, every call is refused until it has run its seconds. */
export class FlowControl {
  private until = 0;

  constructor(
    private readonly kit: EmulatorKit,
    readonly seconds: number,
  ) {}

  /** Starts a ban (the kit's rateLimitAfter fault) and answers it. */
  start(): EmulatorResponse {
    const now = this.kit.now();
    if (this.until <= now) this.until = now + this.seconds * 1000;
    return banAnswer(Math.ceil((this.until - now) / 1000));
  }

  /** The ban's answer while one runs, else undefined. */
  check(): EmulatorResponse | undefined {
    const left = this.until - this.kit.now();
    return left > 0 ? banAnswer(Math.ceil(left / 1000)) : undefined;
  }
}

const TOP_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** `yyyy-MM-dd HH:mm:ss` in GMT+8 → ms epoch. */
export function parseTopTime(text: string | undefined): number | undefined {
  const m = TOP_TIME.exec(text ?? '');
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - 8 * 3_600_000;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * POST /router/rest: the system parameters from the query string and the form body alike; checks
 * them in the order a gateway would (method, app key, ban, timestamp, signature, session), then
 * hands the business parameters to the API. Every refusal is an `error_response` in HTTP 200.
 */
export function gateway(options: GatewayOptions): (req: EmulatorRequest) => Promise<EmulatorResponse> {
  return async (req) => {
    const params = new Map<string, string>(req.query);
    for (const [name, value] of Object.entries((req.body ?? {}) as Record<string, string>)) params.set(name, String(value));
    const method = params.get('method');
    if (!method) return topError(21, 'Missing method');
    const api = options.apis.get(method);
    if (!api) return topError(22, 'Invalid method', { sub_code: 'isv.method-not-exist', sub_msg: `no API ${method}` });
    if (!params.get('app_key')) return topError(28, 'Missing app key');
    if (params.get('app_key') !== options.appKey) return topError(29, 'Invalid app key');
    const banned = options.ban.check();
    if (banned) return banned;
    const timestamp = parseTopTime(params.get('timestamp'));
    if (timestamp === undefined) return topError(31, 'Invalid timestamp', { sub_code: 'isv.invalid-timestamp', sub_msg: 'timestamp must be yyyy-MM-dd HH:mm:ss (GMT+8)' });
    if (Math.abs(timestamp - options.kit.now()) > options.maxSkewMinutes * 60_000) {
      return topError(31, 'Invalid timestamp', { sub_code: 'isv.invalid-timestamp', sub_msg: `timestamp is more than ${options.maxSkewMinutes} minutes from the server's time` });
    }
    const sent = params.get('sign');
    if (!sent) return topError(24, 'Missing signature');
    const expected = expectedSign(params, options.appSecret, params.get('sign_method') ?? 'md5');
    if (expected === undefined) return topError(25, 'Invalid signature', { sub_msg: `sign_method ${params.get('sign_method')} is not supported` });
    if (!signMatches(sent, expected)) return topError(25, 'Invalid signature');
    const session = params.get('session');
    if (!session) return topError(26, 'Missing session');
    const state = options.sessions.check(session);
    if (state === 'expired') return topError(27, 'Invalid session', { sub_code: 'session-expired', sub_msg: 'SessionKey已过期' }, 'token-expired');
    if (state === 'invalid') return topError(27, 'Invalid session', { sub_code: 'invalid-sessionkey', sub_msg: 'SessionKey非法' });
    const business = new Map([...params].filter(([name]) => !SYSTEM_PARAMS.has(name)));
    return api(business);
  };
}

const SYSTEM_PARAMS = new Set(['method', 'app_key', 'session', 'timestamp', 'format', 'v', 'sign_method', 'sign', 'partner_id', 'simplify', 'target_app_key']);
