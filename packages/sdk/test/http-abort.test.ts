import t from 'tap';
import { capturingContext, sendJson, startServer } from './http-test-server.js';

// None of these tests could finish within tap's timeout if the abort were not honoured at once:
// the server never answers, asks for a minute's wait, or the limiter refills once an hour.

t.test('aborting the run stops an in-flight request with an AbortError', async (t) => {
  const { ctx, controller } = capturingContext();
  const server = await startServer(() => controller.abort());
  t.teardown(server.close);
  const error = await ctx.http({ baseUrl: server.url, platform: 'acme' }).request({ path: '/slow' }).catch((e: unknown) => e);
  t.equal((error as Error).name, 'AbortError');
  t.equal(server.seen.length, 1);
});

t.test('aborting during a Retry-After wait stops at once, without another call', async (t) => {
  const { ctx, controller } = capturingContext({ onLog: (line) => line.startsWith('warn') && controller.abort() });
  const server = await startServer((_req, res) => sendJson(res, 429, {}, { 'retry-after': '60' }));
  t.teardown(server.close);
  const error = await ctx.http({ baseUrl: server.url, platform: 'acme' }).request({ path: '/' }).catch((e: unknown) => e);
  t.equal((error as Error).name, 'AbortError');
  t.equal(server.seen.length, 1);
});

t.test('aborting while waiting for the limiter stops at once; the reason given is the one thrown', async (t) => {
  const { ctx, controller } = capturingContext();
  const server = await startServer((_req, res) => sendJson(res, 200, {}));
  t.teardown(server.close);
  const limiter = ctx.rateLimiter('slow', { capacity: 1, refillPerSecond: 1 / 3600 });
  const api = ctx.http({ baseUrl: server.url, platform: 'acme', limiter });
  await api.request({ path: '/1' });
  const second = api.request({ path: '/2' });
  controller.abort(new Error('the user paused the pipeline'));
  await t.rejects(second, { message: 'the user paused the pipeline' });
  t.equal(server.seen.length, 1, 'the waiting request was never sent');
  await t.rejects(api.request({ path: '/3' }), { message: 'the user paused the pipeline' }, 'an aborted run sends nothing');
  t.equal(server.seen.length, 1);
});

t.test('a hundred concurrent requests on one run signal raise no listener warnings', async (t) => {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    warnings.push(w.name);
  };
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  const { ctx } = capturingContext();
  const server = await startServer((_req, res) => sendJson(res, 200, {}));
  t.teardown(server.close);
  const api = ctx.http({ baseUrl: server.url, platform: 'acme', limiter: ctx.rateLimiter('many', { capacity: 20, refillPerSecond: 2000 }) });
  await Promise.all(Array.from({ length: 100 }, (_, i) => api.request({ path: `/${i}` })));
  await new Promise((resolve) => setImmediate(resolve));
  t.same(warnings, [], 'no MaxListenersExceededWarning');
});
