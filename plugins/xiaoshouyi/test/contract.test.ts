import { sinkContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import { contractSchema } from '../src/contract-schema.js';
import plugin from '../src/index.js';
import { packageDir } from '../src/package-dir.js';

const schema = contractSchema('items.schema.json');
const item = (id: string, name: string, price: string) => ({ key: id, record: { id, name, status: 'active', price, currency: 'CNY' } });

// The contract every datong sink passes, run against this plugin's own emulator over HTTP.
t.test('xiaoshouyi sink contract', (t) =>
  sinkContract(t, {
    packageDir: packageDir(),
    plugin,
    badConfig: { config: { baseUrl: 'https://api.xiaoshouyi.example' }, message: /apiKey/ },
    async start() {
      const emulator = await startEmulator({ seed: 7 });
      const config = { apiKey: emulator.credentials.apiKey, baseUrl: emulator.url };
      return { config, badCredentials: { ...config, apiKey: 'key_not_issued_by_the_emulator' }, close: () => emulator.close() };
    },
    objects: [
      {
        spec: { name: 'items', schema, key: ['id'] },
        records: [item('SKU-1', '青花瓷茶杯', '129.90'), item('SKU-2', 'Linen tea towel', '45.00'), item('SKU-3', '竹制托盘', '88.50')],
        changed: item('SKU-1', '青花瓷茶杯（两只装）', '239.00'),
      },
    ],
  }),
);
