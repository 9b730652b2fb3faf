import t from 'tap';
import { DatongError, TokenBucket, type BucketTimer } from '../src/index.js';

/** A clock the test moves by hand; the bucket's timers fire when it passes their moment. */
class FakeClock implements BucketTimer {
  time = 1_000_000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now = (): number => this.time;
  set(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clear(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  /** Moves time forward, firing due timers in order, then lets resolved promises settle. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.at);
      this.clear(due.id);
      due.fn();
      await settle();
    }
    this.time = until;
    await settle();
  }
  get pending(): number {
    return this.timers.length;
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function tracked(p: Promise<void>): { done: () => boolean; error: () => unknown } {
  let done = false;
  let error: unknown;
  p.then(() => (done = true), (e) => (error = e));
  return { done: () => done, error: () => error };
}

t.test('a full bucket serves a burst at once, then refills at its rate', async (t) => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ capacity: 40, refillPerSecond: 2 }, clock.now, clock);
  for (let i = 0; i < 40; i++) await bucket.take();
  t.equal(bucket.available, 0, 'the burst emptied the bucket');
  const next = tracked(bucket.take());
  await settle();
  t.notOk(next.done(), 'the 41st request waits');
  await clock.advance(499);
  t.notOk(next.done(), 'still waiting just before one token has leaked in');
  await clock.advance(1);
  t.ok(next.done(), 'served after half a second (2 tokens/s)');
  await clock.advance(60_000);
  t.equal(bucket.available, 40, 'never fills past capacity');
});

t.test('waiters are served first come, first served: a big request is not starved', async (t) => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 1 }, clock.now, clock);
  await bucket.take(10);
  const order: string[] = [];
  const big = bucket.take(5).then(() => order.push('big'));
  const small = bucket.take(1).then(() => order.push('small'));
  await clock.advance(1000);
  t.same(order, [], 'one token is there, but the small one waits behind the big one');
  await clock.advance(4000);
  await Promise.all([big]);
  t.same(order, ['big']);
  await clock.advance(1000);
  await small;
  t.same(order, ['big', 'small']);
});

t.test('update() adopts the server state', async (t) => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ capacity: 40, refillPerSecond: 2 }, clock.now, clock);
  bucket.update({ available: 3 });
  t.equal(bucket.available, 3, 'the server says only 3 are left');
  bucket.update({ capacity: 80, refillPerSecond: 4 });
  await clock.advance(1000);
  t.equal(bucket.available, 7, 'a Plus store: 4 tokens a second');
  bucket.update({ available: 500 });
  t.equal(bucket.available, 80, 'never above the capacity');

  await bucket.take(80);
  const waiting = tracked(bucket.take(10));
  await settle();
  t.notOk(waiting.done());
  bucket.update({ available: 10 });
  await settle();
  t.ok(waiting.done(), 'a waiter goes as soon as the server reports room');
});

t.test('pause() stops everyone, even with tokens in the bucket', async (t) => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 1 }, clock.now, clock);
  bucket.pause(2000);
  const a = tracked(bucket.take());
  const b = tracked(bucket.take());
  await clock.advance(1999);
  t.notOk(a.done() || b.done(), 'nobody goes during the pause');
  await clock.advance(1);
  t.ok(a.done() && b.done(), 'both go when the pause ends');
  bucket.pause(1000);
  bucket.pause(100);
  const c = tracked(bucket.take());
  await clock.advance(500);
  t.notOk(c.done(), 'a shorter pause does not cut a longer one short');
  await clock.advance(500);
  t.ok(c.done());
});

t.test('a cost above the capacity is refused, also when the capacity shrinks under a waiter', async (t) => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 1 }, clock.now, clock);
  await t.rejects(bucket.take(11), { code: 'RATE_LIMIT_COST' });
  await bucket.take(10);
  const waiter = bucket.take(8);
  bucket.update({ capacity: 5 });
  await t.rejects(waiter, DatongError, 'rather than waiting forever');
  t.throws(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 }), { code: 'CONFIG_INVALID' });
});

t.test('aborting a waiter rejects it with the reason and lets the next one through', async (t) => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ capacity: 4, refillPerSecond: 1 }, clock.now, clock);
  await bucket.take(4);
  const controller = new AbortController();
  const big = bucket.take(4, controller.signal);
  const small = tracked(bucket.take(1));
  await clock.advance(1000);
  t.notOk(small.done(), 'queued behind the big one');
  controller.abort(new Error('run stopped'));
  await t.rejects(big, { message: 'run stopped' });
  await settle();
  t.ok(small.done(), 'the small one goes at once with the token that had leaked in');
  await t.rejects(bucket.take(1, controller.signal), { message: 'run stopped' }, 'an aborted signal is refused up front');
  t.equal(clock.pending, 0, 'no timer left behind when nobody waits');
});

t.test('with no refill, only the server can let a waiter go', async (t) => {
  const clock = new FakeClock();
  const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 0 }, clock.now, clock);
  await bucket.take(2);
  const w = tracked(bucket.take());
  await clock.advance(3_600_000);
  t.notOk(w.done());
  bucket.update({ available: 1 });
  await settle();
  t.ok(w.done());
});

t.test('the real clock works too', async (t) => {
  const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 200 });
  await bucket.take();
  await bucket.take(); // about 5 ms later, on a real timer
  t.ok(bucket.available < 1, 'the second take waited for a refill');
});
