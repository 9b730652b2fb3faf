import t from 'tap';
import { UpstreamError, withRetry, isRetryable } from '../src/index.js';

t.test('a retryable error is retried with backoff until it succeeds', async (t) => {
  let calls = 0;
  const retried: number[] = [];
  const result = await withRetry(
    async () => {
      calls++;
      if (calls < 3) throw new UpstreamError('503 from the shop', { status: 503, retryable: true });
      return 'ok';
    },
    { retries: 5, minDelayMs: 1, maxDelayMs: 5, onRetry: (_e, attempt) => retried.push(attempt) },
  );
  t.equal(result, 'ok');
  t.equal(calls, 3);
  t.same(retried, [1, 2], 'each retry is reported');
});

t.test('an error that is not retryable is thrown at once', async (t) => {
  let calls = 0;
  await t.rejects(
    withRetry(async () => {
      calls++;
      throw new UpstreamError('400: bad field', { status: 400, retryable: false });
    }, { retries: 5, minDelayMs: 1 }),
    { message: '400: bad field' },
  );
  t.equal(calls, 1, 'no retry of a data error');
});

t.test('retries stop after the limit and surface the last error', async (t) => {
  let calls = 0;
  await t.rejects(
    withRetry(async () => {
      calls++;
      throw new UpstreamError(`down ${calls}`, { retryable: true });
    }, { retries: 2, minDelayMs: 1, maxDelayMs: 2 }),
    { message: 'down 3' },
  );
  t.equal(calls, 3);
});

t.test('network resets are retryable; plain errors are not', async (t) => {
  t.ok(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
  t.notOk(isRetryable(new Error('bug')));
  t.notOk(isRetryable(undefined));
});
