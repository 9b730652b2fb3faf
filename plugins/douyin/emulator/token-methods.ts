import type { EmulatorKit, EmulatorResponse } from '@datong/sdk/emulator';
import { ERRORS, success } from './envelope.js';
import type { TokenPair, TokenStore } from './token-store.js';

function answer(pair: TokenPair, now: number, shopId: number): EmulatorResponse {
  return success({
    access_token: pair.accessToken,
    expires_in: Math.max(0, Math.floor((pair.accessExpiresAt - now) / 1000)),
    refresh_token: pair.refreshToken,
    scope: 'SCOPE',
    shop_id: shopId,
    shop_name: '大通演示抖店',
    authority_id: '',
    auth_subject_type: 'MiniApp',
  });
}

/** token.create: grant_type authorization_code with the emulator's code, or authorization_self with the shop's id. */
export function tokenCreate(kit: EmulatorKit, tokens: TokenStore, shopId: number, authCode: string) {
  return (p: Record<string, unknown>): EmulatorResponse => {
    const self = p.grant_type === 'authorization_self' && String(p.shop_id ?? '') === String(shopId);
    const code = p.grant_type === 'authorization_code' && p.code === authCode;
    if (!self && !code) return ERRORS.badGrant();
    return answer(tokens.issue(), kit.now(), shopId);
  };
}

/** token.refresh: grant_type refresh_token under the store's rules; the tokenExpiresAt fault counts as expiry. */
export function tokenRefresh(kit: EmulatorKit, tokens: TokenStore, shopId: number) {
  return (p: Record<string, unknown>): EmulatorResponse => {
    if (p.grant_type !== 'refresh_token' || typeof p.refresh_token !== 'string') return ERRORS.badGrant();
    const current = tokens.refreshCandidate(p.refresh_token);
    const pair = tokens.refresh(p.refresh_token, current !== undefined && kit.tokenExpired(current.issuedAt));
    if (!pair) return ERRORS.badRefreshToken();
    return answer(pair, kit.now(), shopId);
  };
}
