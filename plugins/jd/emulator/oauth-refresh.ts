import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';

/**
 * open-oauth.jd.com/oauth2/refresh_token: with the app's key and secret and a known refresh
 * token, the same access token is extended (JD keeps its value) and answered again.
 */
export function refreshHandler(kit: EmulatorKit, app: { appKey: string; appSecret: string }, tokens: Map<string, number>, refreshTokens: Map<string, string>, counter: { refreshes: number }) {
  return (req: EmulatorRequest): EmulatorResponse => {
    const p = new Map<string, string>(req.query);
    if (req.body && typeof req.body === 'object') for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) p.set(k, String(v));
    const appKey = p.get('app_key') ?? p.get('client_id');
    const secret = p.get('app_secret') ?? p.get('client_secret');
    const access = refreshTokens.get(p.get('refresh_token') ?? '');
    if (appKey !== app.appKey || secret !== app.appSecret || access === undefined || p.get('grant_type') !== 'refresh_token') {
      return { status: 400, json: { code: 400, msg: 'invalid refresh_token or app credentials' } };
    }
    counter.refreshes += 1;
    tokens.set(access, kit.now());
    return { json: { access_token: access, expires_in: 31_536_000, refresh_token: p.get('refresh_token'), scope: 'snsapi_base', token_type: 'bearer', time: kit.now() } };
  };
}
