import t, { type Test } from 'tap';
import { EmulatorKit, type FaultOptions } from '../src/emulator/index.js';

async function started(t: Test, options: { seed?: number; faults?: FaultOptions } = {}): Promise<{ kit: EmulatorKit; url: string }> {
  const kit = new EmulatorKit({
    name: 'acme',
    ...options,
    rateLimitResponse: () => ({ status: 429, headers: { 'retry-after': '2.0' }, json: { errors: 'Exceeded 2 calls per second for api client.' } }),
    serverErrorResponse: () => ({ status: 502, json: { errors: 'bad gateway' } }),
  });
  kit.route('GET', '/ping', () => ({ json: { pong: true } }));
  const url = await kit.start();
  t.teardown(() => kit.close());
  return { kit, url };
}

async function statuses(url: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await fetch(`${url}/ping`)).status);
  return out;
}

t.test('rateLimitAfter N for M calls: calls N+1..N+M get the platform rate-limit answer, then service resumes', async (t) => {
  const { kit, url } = await started(t, { faults: { rateLimitAfter: 3, rateLimitCalls: 2 } });
  t.same(await statuses(url, 3), [200, 200, 200]);
  const limited = await fetch(`${url}/ping`);
  t.equal(limited.status, 429);
  t.equal(limited.headers.get('retry-after'), '2.0', 'the platform shape, headers included');
  t.same(await limited.json(), { errors: 'Exceeded 2 calls per second for api client.' });
  t.same(await statuses(url, 3), [429, 200, 200]);
  t.same(kit.requests.map((r) => r.fault ?? null), [null, null, null, 'rate-limit', 'rate-limit', null, null]);
});

t.test('rateLimitAfter without rateLimitCalls limits until reset; counting starts when the fault is set', async (t) => {
  const { kit, url } = await started(t);
  t.same(await statuses(url, 4), [200, 200, 200, 200]);
  kit.setFaults({ rateLimitAfter: 1 });
  t.same(await statuses(url, 4), [200, 429, 429, 429], '"after 1" means one more call from now');
  await fetch(`${url}/_emulator/reset`, { method: 'POST' });
  t.same(await statuses(url, 2), [200, 200]);
  t.same(kit.faults, {});
});

t.test('errorBurst: the next N calls get the 5xx answer, counting down in the faults', async (t) => {
  const { kit, url } = await started(t, { faults: { errorBurst: 2 } });
  const first = await fetch(`${url}/ping`);
  t.equal(first.status, 502, 'serverErrorResponse gives the platform shape');
  t.same(await first.json(), { errors: 'bad gateway' });
  t.equal(kit.faults.errorBurst, 1);
  t.same(await statuses(url, 2), [502, 200]);
  t.equal(kit.faults.errorBurst, undefined, 'spent');
  t.same(kit.requests.map((r) => r.fault ?? null), ['5xx', '5xx', null]);
});

t.test('the default 5xx answer is 503 {"error":"service unavailable"}', async (t) => {
  const kit = new EmulatorKit({ name: 'plain', faults: { errorBurst: 1 }, rateLimitResponse: () => ({ status: 429 }) });
  kit.route('GET', '/x', () => ({ json: {} }));
  const url = await kit.start();
  t.teardown(() => kit.close());
  const res = await fetch(`${url}/x`);
  t.equal(res.status, 503);
  t.same(await res.json(), { error: 'service unavailable' });
});

t.test('errorRatio: a seeded share of calls fail, the same calls for the same seed', async (t) => {
  const runs: number[][] = [];
  for (const seed of [7, 7, 8]) {
    const { kit, url } = await started(t, { seed, faults: { errorRatio: 0.3 } });
    runs.push(await statuses(url, 40));
    await kit.close();
  }
  const [a, b, c] = runs as [number[], number[], number[]];
  t.same(a, b, 'same seed, same failing calls');
  t.not(a.join(), c.join(), 'another seed, other calls');
  const failed = a.filter((s) => s === 502).length;
  t.ok(failed > 3 && failed < 25, `about 30% failed (${failed} of 40)`);
  t.ok(a.every((s) => s === 200 || s === 502));
});

t.test('faults apply in order: rate limit before burst, burst before ratio', async (t) => {
  const { kit, url } = await started(t, { faults: { rateLimitAfter: 0, rateLimitCalls: 1, errorBurst: 1 } });
  t.same(await statuses(url, 3), [429, 502, 200], 'the rate-limited call did not spend the burst');
  t.same(kit.requests.map((r) => r.fault ?? null), ['rate-limit', '5xx', null]);
});

t.test('latency is added to platform calls and recorded in the log; control endpoints never get faults', async (t) => {
  const { kit, url } = await started(t, { faults: { latencyMs: 20, errorBurst: 5 } });
  const health = await fetch(`${url}/_emulator/health`);
  t.equal(health.status, 200);
  const faults = await fetch(`${url}/_emulator/faults`);
  t.same(await faults.json(), { latencyMs: 20, errorBurst: 5 }, 'control calls spent no burst');
  t.equal(kit.requests.length, 0, 'control calls are not platform calls');
  await fetch(`${url}/ping`);
  t.match(kit.requests[0], { latencyMs: 20, fault: '5xx', status: 502 });
});
