import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';
import { packageDir } from '../src/package-dir.js';

// The contract every datong source passes, run against this plugin's own emulator over HTTP.
t.test('__NAME__ source contract', (t) =>
  sourceContract(t, {
    packageDir: packageDir(),
    plugin,
    streams: ['items'],
    badConfig: { config: { baseUrl: 'https://api.__NAME__.example' }, message: /apiKey/ },
    async start() {
      const emulator = await startEmulator({ seed: 7 });
      const config = { apiKey: emulator.credentials.apiKey, baseUrl: emulator.url };
      return {
        config,
        badCredentials: { ...config, apiKey: 'key_not_issued_by_the_emulator' },
        close: () => emulator.close(),
        async mutate() {
          const response = await fetch(`${emulator.url}/_emulator/mutate`, { method: 'POST' });
          if (!response.ok) throw new Error(`the emulator's mutate answered ${response.status}`);
        },
        async expected() {
          return new Map(emulator.items.all().map((item) => [item.id, { cursor: item.updated_at, record: { ...item } }]));
        },
      };
    },
  }),
);
