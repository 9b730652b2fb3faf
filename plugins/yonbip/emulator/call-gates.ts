import type { EmulatorResponse } from '@datong/sdk/emulator';

/**
 * YonBIP's API-level throttle: at most `limit` accepted calls per endpoint in any window of
 * `windowMs` (sliding, the stricter reading); beyond it the gateway answers HTTP 200
 * `{code:"310046"}` and the call does not count.
 */
export class Throttle {
  private readonly calls = new Map<string, number[]>();

  admit(endpoint: string, limit: number, windowMs: number, now: number): EmulatorResponse | undefined {
    if (limit <= 0) return undefined;
    const recent = (this.calls.get(endpoint) ?? []).filter((at) => at > now - windowMs);
    if (recent.length >= limit) {
      this.calls.set(endpoint, recent);
      return { json: { code: '310046', message: `API级限流：该接口调用频率超过${limit}次/${windowMs / 1000}秒，请稍后重试` }, fault: 'rate-limit' };
    }
    recent.push(now);
    this.calls.set(endpoint, recent);
    return undefined;
  }
}

interface Cached {
  at: number;
  json: Record<string, unknown>;
}

/**
 * The gateway's resubmitCheckKey memory, per API: the first success is replayed for
 * `windowMs`; later, the same key answers 100004 with only the id. A refused save is not
 * remembered (the same key may be sent again once the data is fixed).
 */
export class ResubmitCache {
  private readonly seen = new Map<string, Cached>();

  lookup(api: string, key: string, windowMs: number, now: number): EmulatorResponse | undefined {
    const cached = this.seen.get(`${api}|${key}`);
    if (!cached) return undefined;
    if (now - cached.at < windowMs) return { json: cached.json, fault: 'resubmit-replayed' };
    const data = cached.json.data;
    const id = (Array.isArray(data) ? (data[0] as { id?: unknown } | undefined)?.id : (data as { id?: unknown } | undefined)?.id) ?? null;
    return { json: { code: '100004', message: '重复请求，该请求已处理', data: { id } }, fault: 'resubmit-expired' };
  }

  remember(api: string, key: string, json: Record<string, unknown>, now: number): void {
    this.seen.set(`${api}|${key}`, { at: now, json });
  }
}
