import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { SinkDefinition } from '../src/index.js';
import { sinkContract, type SinkContractOptions } from '../src/testing/index.js';
import { FixturePlatform, GOOD_TOKEN } from './fixtures/fixture-platform.js';
import { fixturePlugin, type Flaws } from './fixtures/fixture-plugin.js';
import { Recorder } from './fixtures/recorder.js';

const packageDir = fileURLToPath(new URL('./fixtures/fixture-package/', import.meta.url));
const UPSERT = 'object contacts: an upsert done twice leaves one record';
const BEFORE = 'object contacts: read-back returns before-images';
const SCAN = 'object contacts: scan lists what was written';
const DELETE = 'object contacts: delete removes';
const READ_ONLY = 'object contacts: opened read-only, it changes nothing';

const contacts = {
  name: 'contacts',
  key: ['email'],
  schema: { type: 'object', properties: { email: { type: 'string' }, name: { type: 'string' }, tier: { type: 'string' }, spent: { type: 'string' } } },
};
const records = [
  { key: 'li.wei@example.cn', record: { email: 'li.wei@example.cn', name: '李伟', tier: 'gold', spent: '1290.00' } },
  { key: 'emma@example.com', record: { email: 'emma@example.com', name: 'Emma Johnson', tier: 'silver', spent: '80.50' } },
  { key: 'zhang.min@example.cn', record: { email: 'zhang.min@example.cn', name: '张敏', tier: 'bronze', spent: '0.00' } },
];

function options(flaws: Flaws = {}, overrides: Partial<SinkContractOptions> = {}): SinkContractOptions {
  return {
    packageDir,
    plugin: fixturePlugin(flaws),
    badConfig: { config: { baseUrl: 'http://127.0.0.1:1', token: 'short' }, message: /token.*fewer than 8/ },
    objects: [{ spec: contacts, records, changed: { key: records[0]!.key, record: { ...records[0]!.record, tier: 'platinum' } } }],
    async start() {
      const platform = new FixturePlatform(0);
      const baseUrl = await platform.start();
      return {
        config: { baseUrl, token: GOOD_TOKEN },
        badCredentials: { baseUrl, token: 'wrong-token-987654' },
        close: () => platform.close(),
        count: async () => platform.contacts.length,
        snapshot: async () => platform.snapshot(),
      };
    },
    ...overrides,
  };
}

async function record(o: SinkContractOptions): Promise<Recorder> {
  const recorder = new Recorder();
  await sinkContract(recorder, o);
  return recorder;
}

t.test('a sound sink passes the contract under tap itself', (t) => sinkContract(t, options()));

t.test('each check is a named subtest, and a sound sink passes them all', async (t) => {
  const r = await record(options());
  t.same(r.subtests, [
    'manifest is valid',
    'a bad config is refused',
    'check passes against the emulator',
    'check fails clearly on bad credentials',
    UPSERT,
    BEFORE,
    SCAN,
    DELETE,
    READ_ONLY,
  ]);
  t.same(r.failures(), []);
});

t.test('a sink whose second upsert creates a copy fails the upsert check, naming the key', async (t) => {
  const r = await record(options({ duplicateUpsert: true }));
  t.ok(r.failedSubtests().includes(UPSERT));
  const upsert = r.failures().filter((f) => f.subtest === UPSERT);
  t.match(upsert, [
    { message: 'each key keeps its sink id on the second upsert', extra: { duplicated: /li\.wei@example\.cn: first c-1, then c-4 \(a second record was created/ } },
    { message: /holds as many "contacts" records after the second upsert/, extra: { found: 6, wanted: 3 } },
  ]);
});

t.test('the emulator count alone catches a duplicating sink that reports no sink ids', async (t) => {
  const o = options({ duplicateUpsert: true });
  const sink = o.plugin.sink!;
  // The same flawed sink, minus its per-record answers: only the platform's count can tell.
  const quiet: SinkDefinition = {
    async open(config, ctx) {
      const connection = await sink.open(config, ctx);
      return {
        ...connection,
        async object(spec) {
          const object = await connection.object(spec);
          return { spec, write: async (batch, c) => void (await object.write(batch, c)) };
        },
      };
    },
  };
  const r = await record({ ...o, plugin: { sink: quiet } });
  t.match(r.failures().filter((f) => f.subtest === UPSERT), [{ message: /holds as many "contacts" records/, extra: { found: 6, wanted: 3 } }]);
  t.match(r.failures().filter((f) => f.subtest === BEFORE), [{ message: /says the sink supports readBack, but the object has no readBack\(\)/ }]);
});

t.test('a read-back that misses the change fails the before-image check, showing the field', async (t) => {
  const r = await record(options({ staleReadBack: true }));
  // The scan sees the change; that it disagrees with the stale read-back is reported too.
  t.same(r.failedSubtests(), [BEFORE, SCAN]);
  t.match(r.failures(), [
    { message: 'read-back after the change: key li.wei@example.cn differs in tier', extra: { found: { tier: 'gold' }, wanted: { tier: 'platinum' } } },
    { message: 'scan: key li.wei@example.cn differs from read-back in tier', extra: { found: { tier: 'platinum' }, wanted: { tier: 'gold' } } },
  ]);
});

t.test('a delete that removes nothing fails the delete check', async (t) => {
  const r = await record(options({ deleteNoop: true }));
  t.same(r.failedSubtests(), [DELETE]);
  t.match(r.failures().map((f) => f.message), ['read-back no longer finds li.wei@example.cn', 'the emulator holds one record fewer']);
});

t.test('a scan that never follows the paging fails the scan check, naming the key it missed', async (t) => {
  const r = await record(options({ scanFirstPageOnly: true }));
  t.same(r.failedSubtests(), [SCAN]);
  t.match(r.failures(), [{ message: 'scan lists every key written (2 keys in 1 page)', extra: { missed: 'zhang.min@example.cn' } }]);
});

t.test('a scan whose records differ from read-back fails, showing the field', async (t) => {
  const r = await record(options({ scanWithoutTier: true }));
  t.same(r.failedSubtests(), [SCAN]);
  t.match(r.failures()[0], { message: 'scan: key li.wei@example.cn differs from read-back in tier', extra: { found: { tier: undefined }, wanted: { tier: 'platinum' } } });
  t.equal(r.failures().length, 3, 'one failure per key written');
});

t.test('a sink without scan() is not asked to scan', async (t) => {
  const r = await record(options({ noScan: true }));
  t.notOk(r.subtests.includes(SCAN));
  t.same(r.failures(), []);
});

t.test('a good record the sink refuses fails, naming the key and the reason', async (t) => {
  const r = await record(options({ refuseWrites: true }));
  t.match(r.failures().find((f) => f.subtest === UPSERT)?.message, /first write: write\(\) refused key li\.wei@example\.cn: the platform refused it/);
});

t.test('a contract whose "changed" is not a version of records[0] says so', async (t) => {
  const base = options();
  const r = await record({ ...base, objects: [{ ...base.objects[0]!, changed: records[1]! }] });
  t.match(r.failures().find((f) => f.subtest === UPSERT)?.message, /"changed" must be a new version of records\[0\]/);
});

t.test("a bad config the config schema refuses passes that check with Ajv's message", async (t) => {
  const r = await record(options());
  t.match(r.results.find((x) => x.subtest === 'a bad config is refused'), { ok: true, extra: { found: '/token must NOT have fewer than 8 characters' } });
});

t.test('an object that sets itself up when opened read-only fails the read-only check, naming what changed', async (t) => {
  const r = await record(options({ setUpWhenReadOnly: true }));
  t.same(r.failedSubtests(), [READ_ONLY]);
  t.match(r.failures(), [{ message: /the platform is as it was/, extra: { changed: 'objects' } }]);
});

t.test('an object that writes when opened read-only fails: each call let through, and the records it left', async (t) => {
  const r = await record(options({ writeWhenReadOnly: true }));
  t.same(r.failedSubtests(), [READ_ONLY]);
  t.match(r.failures().map((f) => f.message), [/^delete\(\) on an object opened read-only went through/, /^write\(\) on an object opened read-only went through/, /the platform is as it was/]);
  t.match(r.failures()[2], { extra: { changed: 'contacts' } });
});

t.test('a sound object refuses the calls with its own error, and finds nothing', async (t) => {
  const r = await record(options());
  const passed = r.results.filter((x) => x.subtest === READ_ONLY && x.ok).map((x) => x.message);
  t.match(passed, [/read-back finds none/, /scan lists none/, /delete\(\) is refused \(contacts was opened read-only: delete is refused\)/, /write\(\) is refused/, /the platform is as it was/]);
});

t.test('with count() and no snapshot() a write let through is still seen; a set-up is not', async (t) => {
  const countOnly = (flaws: Flaws) => {
    const o = options(flaws);
    return { ...o, start: async () => ({ ...(await o.start()), snapshot: undefined }) };
  };
  const written = await record(countOnly({ writeWhenReadOnly: true }));
  t.match(written.failures().find((f) => /the platform is as it was/.test(f.message)), { extra: { found: { contacts: 3 }, wanted: { contacts: 0 } } });
  const setUp = await record(countOnly({ setUpWhenReadOnly: true }));
  t.same(setUp.failures(), [], 'a count cannot see an object set up');
});

t.test('a session with neither snapshot() nor count() leaves the read-only check out, saying why', async (t) => {
  const o = options();
  const r = await record({ ...o, start: async () => ({ ...(await o.start()), snapshot: undefined, count: undefined }) });
  t.notOk(r.subtests.includes(READ_ONLY));
  t.ok(r.comments.some((c) => /no snapshot\(\) and no count\(\)/.test(c)), 'a comment says it cannot be seen');
  t.same(r.failures(), []);
});
