import type { HttpClient, PluginContext } from '@datong/sdk';
import { WechatAccessToken } from './access-token.js';
import type { ResolvedWechatConfig } from './wechat-config.js';
import { classifyWechat, errcodeOf } from './wechat-errors.js';

/**
 * The WeChat shop API as datong calls it: JSON POSTs with the shared access token in the query,
 * errors inside HTTP 200 recognised (see classifyWechat), secrets redacted from every message.
 *
 * @example
 *   const client = new WechatClient(config, ctx);
 *   const { order } = await client.post<{ order: ChannelsOrder }>('/channels/ec/order/get', { order_id });
 */
export class WechatClient {
  readonly auth: WechatAccessToken;
  private readonly api: HttpClient;

  constructor(readonly config: ResolvedWechatConfig, ctx: PluginContext) {
    const fixedToken = config.accessToken !== undefined;
    const classify = (r: Parameters<typeof classifyWechat>[0]) => classifyWechat(r, { fixedToken, minuteQuotaWaitMs: config.minuteQuotaWaitMs });
    const platformCode = (r: Parameters<typeof errcodeOf>[0]) => {
      const code = errcodeOf(r);
      return code === undefined ? undefined : String(code);
    };
    const tokenClient = ctx.http({ baseUrl: config.baseUrl, platform: 'wechat-shop', classify, platformCode });
    this.auth = new WechatAccessToken({ baseUrl: config.baseUrl, appId: config.appId, appSecret: config.appSecret, accessToken: config.accessToken, tokenClient }, ctx);
    this.api = ctx.http({ baseUrl: config.baseUrl, platform: 'wechat-shop', auth: this.auth, classify, platformCode });
  }

  /** POSTs `body` as JSON to `path` and returns the parsed answer (errcode 0). */
  async post<T>(path: string, body: unknown): Promise<T> {
    const response = await this.api.request({ method: 'POST', path, json: body });
    return response.json<T>();
  }
}
