import { defineSource } from '@datong/sdk';
import type { WechatShopSourceConfig } from './generated/source-config.js';
import { wechatPushWebhook } from './push-webhook.js';
import { aftersalesStream } from './streams/aftersales-stream.js';
import { minishopOrdersStream } from './streams/minishop-orders-stream.js';
import { channelsOrdersStream } from './streams/orders-stream.js';
import { WechatClient } from './wechat-client.js';
import { resolveConfig } from './wechat-config.js';

/**
 * The WeChat shop source: `orders` and `aftersales` of a Channels shop, or `orders` of a legacy
 * mini-program shop (config `api: minishop`, which has no after-sale listing by update time here).
 */
export const wechatShopSource = defineSource<WechatShopSourceConfig>({
  async open(raw, ctx) {
    const config = resolveConfig(raw);
    const client = new WechatClient(config, ctx);
    return {
      streams: async () =>
        config.api === 'channels' ? [channelsOrdersStream(client, config), aftersalesStream(client, config)] : [minishopOrdersStream(client, config)],
      check: async () => {
        // The cheapest call that needs both a token and the order permission: one id, one second.
        const at = Math.floor(Date.now() / 1000) - 60;
        if (config.api === 'channels') {
          await client.post('/channels/ec/order/list/get', { update_time_range: { start_time: at - 1, end_time: at }, page_size: 1 });
        } else {
          await client.post('/product/order/get_list', { start_update_time: '2020-01-01 00:00:00', end_update_time: '2020-01-01 00:00:01', page: 1, page_size: 1 });
        }
      },
    };
  },
  webhook: wechatPushWebhook,
});
