import { writeFileSync } from 'node:fs';
import { SeededRandom } from '@datong/sdk';
import { SeedData, type RunningEmulator, type SeedPerson } from '@datong/sdk/emulator';
import { startEmulator as startShopify } from '@datong/plugin-shopify/emulator';
import { startEmulator as startWoo } from '@datong/plugin-woocommerce/emulator';
import { startEmulator as startYouzan } from '@datong/plugin-youzan/emulator';
import { startEmulator as startTaobao } from '@datong/plugin-taobao/emulator';
import { startEmulator as startJd } from '@datong/plugin-jd/emulator';
import { startEmulator as startPdd } from '@datong/plugin-pinduoduo/emulator';
import { startEmulator as startDouyin } from '@datong/plugin-douyin/emulator';
import { startEmulator as startWechat } from '@datong/plugin-wechat-shop/emulator';
import { startEmulator as startStore } from '@datong/plugin-rest/emulator';
import { startEmulator as startHubspot, type HubSpotEmulator } from '@datong/plugin-hubspot/emulator';

/** Every channel of examples/all-channels and the HubSpot they sync into, emulated on 127.0.0.1. */
export interface ChannelEmulators {
  channels: Record<string, RunningEmulator>;
  crm: HubSpotEmulator;
  /** People who buy on several channels (WooCommerce, Youzan, Pinduoduo and the own store). */
  shared: SeedPerson[];
  close(): Promise<void>;
}

/**
 * Starts the nine channels' emulators with a few orders each, four people shared by four of them,
 * and the HubSpot emulator; `writeEnv` writes the variables examples/all-channels reads, named as
 * `datong emulate <platform> --write-env` names them.
 */
export async function startChannelEmulators(ordersEach = 12): Promise<ChannelEmulators> {
  // One SeedData never repeats a phone or an email: four different people.
  const people = new SeedData(new SeededRandom(90_210));
  const shared = Array.from({ length: 4 }, () => people.person('zh'));
  const common = { seed: 5, orders: ordersEach };
  const channels: Record<string, RunningEmulator> = {
    shopify: await startShopify({ seed: 5, customers: 8, orders: ordersEach, restoreRate: 1000 }),
    woocommerce: await startWoo({ ...common, buyers: shared }),
    youzan: await startYouzan({ ...common, buyers: shared }),
    taobao: await startTaobao(common),
    jd: await startJd({ ...common, spreadDays: 3 }),
    pinduoduo: await startPdd({ ...common, buyers: shared }),
    douyin: await startDouyin({ ...common, days: 3 }),
    'wechat-shop': await startWechat({ ...common, days: 3 }),
    rest: await startStore({ ...common, members: 8, buyers: shared }),
  };
  const crm = await startHubspot({ seed: 5 });
  return {
    channels, crm, shared,
    close: async () => {
      await Promise.all([...Object.values(channels).map((c) => c.close()), crm.close()]);
    },
  };
}

/** The .env lines `datong emulate <platform> --write-env` would write for each emulator. */
export function writeEnv(file: string, emulators: ChannelEmulators): void {
  const lines: string[] = [];
  const add = (platform: string, url: string, credentials: Record<string, string>) => {
    const prefix = platform.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    lines.push(`${prefix}_BASE_URL=${url}`);
    for (const [k, v] of Object.entries(credentials)) {
      if (k !== 'baseUrl') lines.push(`${prefix}_${k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}=${v}`);
    }
  };
  for (const [platform, e] of Object.entries(emulators.channels)) add(platform, e.url, e.credentials);
  add('hubspot', emulators.crm.url, emulators.crm.credentials);
  // The narrow-window channels' orders changed within the last three days: the first run starts there.
  lines.push(`CHANNELS_START_DATE=${new Date(Date.now() - 3 * 86_400_000 - 3_600_000).toISOString()}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}
