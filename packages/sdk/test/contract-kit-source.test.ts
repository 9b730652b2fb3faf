import { fileURLToPath } from 'node:url';
import t from 'tap';
import { sourceContract, type SourceContractOptions } from '../src/testing/index.js';
import { FixturePlatform, GOOD_TOKEN } from './fixtures/fixture-platform.js';
import { fixturePlugin, type Flaws } from './fixtures/fixture-plugin.js';
import { Recorder } from './fixtures/recorder.js';

const packageDir = fileURLToPath(new URL('./fixtures/fixture-package/', import.meta.url));
const FULL = "stream orders: full read, changes, incremental read = every record's latest version";

function options(flaws: Flaws = {}, overrides: Partial<SourceContractOptions> & { mutate?: boolean } = {}): SourceContractOptions & { plugin: ReturnType<typeof fixturePlugin> } {
  return {
    packageDir,
    plugin: fixturePlugin(flaws),
    streams: ['orders'],
    badConfig: { config: { baseUrl: 'not a url', token: GOOD_TOKEN }, message: /baseUrl.*uri/ },
    async start() {
      const platform = new FixturePlatform();
      const baseUrl = await platform.start();
      return {
        config: { baseUrl, token: GOOD_TOKEN },
        badCredentials: { baseUrl, token: 'wrong-token-987654' },
        close: () => platform.close(),
        mutate: async () => void (overrides.mutate === false || platform.mutate()),
        expected: async () => new Map([...platform.orders.values()].map((o) => [o.id, { cursor: o.updated_at, record: { ...o } }])),
      };
    },
    ...overrides,
  } as SourceContractOptions & { plugin: ReturnType<typeof fixturePlugin> };
}

async function record(o: SourceContractOptions): Promise<Recorder> {
  const recorder = new Recorder();
  await sourceContract(recorder, o);
  return recorder;
}

t.test('a sound source passes the contract under tap itself', (t) => sourceContract(t, options()));

t.test('each check is a named subtest a plugin author can read, and a sound source passes them all', async (t) => {
  const r = await record(options());
  t.same(r.subtests, [
    'manifest is valid',
    'a bad config is refused',
    'check passes against the emulator',
    'check fails clearly on bad credentials',
    'stream orders: key and cursor fields exist in the schema',
    'stream orders: a full read yields every record, each valid',
    FULL,
  ]);
  t.same(r.failures(), []);
});

t.test('a source that drops a record on the incremental read fails, naming the record', async (t) => {
  const o = options({ dropOnIncremental: true });
  const r = await record(o);
  t.same(r.failedSubtests(), [FULL]);
  t.equal(o.plugin.dropped.length, 1, 'the flaw dropped one record');
  const dropped = o.plugin.dropped[0]!;
  t.match(r.transcript(), new RegExp(`\\b${dropped}\\b`), 'the failure names the dropped key');
});

t.test('a record that breaks the stream schema fails the full read, naming the record and the field', async (t) => {
  const r = await record(options({ invalidRecord: true }));
  t.ok(r.failedSubtests().includes('stream orders: a full read yields every record, each valid'));
  const failure = r.failures().find((f) => /break the stream schema/.test(f.message));
  t.match(failure?.message, /o-2: \/total must be string/);
});

t.test('a read that never ends fails with a message instead of hanging the test', async (t) => {
  const r = await record(options({ stuckPaging: true }));
  t.match(r.failures().map((f) => f.message).join('\n'), /had not ended after \d+ records/);
});

t.test('an error that quotes the token fails the credential check without printing the token', async (t) => {
  const r = await record(options({ leakToken: true }));
  t.same(r.failedSubtests(), ['check fails clearly on bad credentials']);
  t.match(r.failures()[0], { message: /no secret/, extra: { leaked: /the value of badCredentials\/token appears/ } }, 'the failure names the field that leaked');
  t.notMatch(r.transcript(), /wrong-token-987654|fixture-token-0123456789/, 'the kit itself does not repeat the secret');
});

t.test('a bad config that passes the schema and that open()/check() accept fails the bad-config check', async (t) => {
  const good = options();
  const started = await good.start();
  await started.close(); // a port nobody listens on any more: the plugin cannot connect
  const r = await record(options({}, { badConfig: { config: { baseUrl: 'http://127.0.0.1:9/', token: GOOD_TOKEN }, message: /baseUrl/ } }));
  t.same(r.failedSubtests(), ['a bad config is refused']);
  t.match(r.failures()[0]?.message, /plain TypeError/, 'a plain fetch failure is not the typed error a user can act on');
});

t.test('a manifest that misspells a keyword, names another package and claims an unknown support fails', async (t) => {
  const brokenDir = fileURLToPath(new URL('./fixtures/broken-package/', import.meta.url));
  const r = await record(options({}, { packageDir: brokenDir }));
  const manifest = r.failures().filter((f) => f.subtest === 'manifest is valid').map((f) => f.message);
  t.match(manifest.join('\n'), /unknown field "resumable"/);
  t.match(manifest.join('\n'), /package\.json "@datong\/plugin-fixture-renamed"/);
  t.match(manifest.join('\n'), /config schema does not compile: strict mode: unknown keyword: "requried"/);
  t.match(manifest.join('\n'), /no property "updated_at"/);
});

t.test('a mutate() that changes nothing fails instead of letting the incremental check pass vacuously', async (t) => {
  const r = await record(options({}, { mutate: false }));
  t.same(r.failedSubtests(), [FULL]);
  t.match(r.failures()[0]?.message, /mutate\(\) changed no "orders" record/);
});

t.test('a stream the source does not offer fails, listing the ones it does', async (t) => {
  const r = await record(options({}, { streams: ['refunds'] }));
  t.same(r.failedSubtests(), ['stream refunds: key and cursor fields exist in the schema']);
  t.match(r.failures()[0]?.message, /no stream "refunds" \(it offers: orders\)/);
});

t.test('configs the config schema would refuse fail the checks that use them, saying why', async (t) => {
  const o = options();
  const r = await record({
    ...o,
    start: async () => {
      const started = await o.start();
      return { ...started, config: { ...started.config, region: 'cn' }, badCredentials: { ...started.badCredentials, token: 'short' } };
    },
  });
  t.same(r.failedSubtests(), ['check passes against the emulator', 'check fails clearly on bad credentials']);
  t.match(r.failures().map((f) => f.message), [
    /the emulator's config breaks the config schema, so the engine would refuse it before opening the plugin: \/ has unknown field "region"/,
    /badCredentials break the config schema \(\/token must NOT have fewer than 8 characters\)/,
  ]);
});
