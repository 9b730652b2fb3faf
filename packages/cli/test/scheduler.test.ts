import t, { type Test } from 'tap';
import type { Logger } from '@datong/sdk';
import { Scheduler, type ScheduledJob, type SchedulerEvent } from '../src/daemon/scheduler.js';
import { stopOnSignals } from '../src/daemon/stop-on-signals.js';

// Every cron here has a seconds field, so a schedule comes round within a second or two. The
// tests wait for events, never for a time; where a job waits for something that should happen
// it gives up after BOUND_MS, far beyond what it needs, so a broken scheduler fails instead of hanging.
const EVERY_SECOND = '* * * * * *';
const BOUND_MS = 15_000;

/** Records a scheduler's events and log lines; `until` resolves once the events satisfy a test. */
function recorder(): { events: SchedulerEvent[]; lines: string[]; logger: Logger; onEvent: (e: SchedulerEvent) => void; until: (done: (events: SchedulerEvent[]) => boolean) => Promise<void> } {
  const events: SchedulerEvent[] = [];
  const lines: string[] = [];
  const waiters: { done: (events: SchedulerEvent[]) => boolean; resolve: () => void }[] = [];
  const keep = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return {
    events,
    lines,
    logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
    onEvent: (event) => {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.done(events)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    },
    until: (done) => (done(events) ? Promise.resolve() : new Promise((resolve) => waiters.push({ done, resolve }))),
  };
}

/** A scheduler stopped when the test ends, whatever happened. */
function scheduler(t: Test, jobs: ScheduledJob[], rec: ReturnType<typeof recorder>, now?: () => Date): Scheduler {
  const s = new Scheduler(jobs, { logger: rec.logger, onEvent: rec.onEvent, now });
  t.teardown(() => s.stop());
  return s;
}

/** A promise and the function that resolves it: lets a test hold a job until it lets go. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Resolves when `promise` does, or rejects with `message` after BOUND_MS. */
function bounded<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), BOUND_MS)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

const count = (events: SchedulerEvent[], type: SchedulerEvent['type'], id?: string) =>
  events.filter((e) => e.type === type && (id === undefined || e.id === id)).length;

t.test('a job runs on its schedule, again and again', async (t) => {
  const rec = recorder();
  let runs = 0;
  const s = scheduler(t, [{ id: 'p:sync', group: 'p', cron: EVERY_SECOND, run: async () => void runs++ }], rec);
  t.equal(runs, 0, 'nothing runs before start()');
  s.start();
  await rec.until((events) => count(events, 'finished') >= 2);
  t.ok(runs >= 2, `it ran each time it came round (${runs} runs)`);
  t.same(rec.events.slice(0, 2).map((e) => e.type), ['started', 'finished'], 'started, then finished');
  t.ok(rec.events.every((e) => e.id === 'p:sync' && e.at instanceof Date));
  t.match(rec.lines.join('\n'), /info p:sync: started\ninfo p:sync: finished/);
});

t.test('jobs of one group never overlap: a trigger while one runs is skipped, not queued', async (t) => {
  const rec = recorder();
  const hold = gate();
  let active = 0;
  let most = 0;
  const job = (id: string): ScheduledJob => ({
    id,
    group: 'shop-to-crm',
    cron: EVERY_SECOND,
    run: async () => {
      active++;
      most = Math.max(most, active);
      await hold.opened;
      active--;
    },
  });
  const s = scheduler(t, [job('shop-to-crm:sync'), job('shop-to-crm:reconcile')], rec);
  s.start();
  // Whichever starts holds the group; let both jobs' triggers come round a few times meanwhile.
  await rec.until((events) => count(events, 'skipped', 'shop-to-crm:sync') >= 2 && count(events, 'skipped', 'shop-to-crm:reconcile') >= 2);
  t.equal(count(rec.events, 'started'), 1, 'only the first job started while it ran');
  const holder = rec.events.find((e) => e.type === 'started')!.id;
  const other = holder === 'shop-to-crm:sync' ? 'shop-to-crm:reconcile' : 'shop-to-crm:sync';
  t.match(rec.events.find((e) => e.type === 'skipped' && e.id === other), { reason: `${holder} is still running` });
  t.match(rec.events.find((e) => e.type === 'skipped' && e.id === holder), { reason: 'its previous run is still going' });
  t.match(rec.lines.join('\n'), new RegExp(`warn ${other}: skipped, ${holder} is still running`));

  const before = rec.events.length;
  hold.open();
  await rec.until((events) => count(events.slice(before), 'finished') >= 2);
  t.equal(most, 1, 'never two jobs of the group at once, before or after the long one ended');
});

t.test('jobs of different groups run at the same time', async (t) => {
  const rec = recorder();
  const started = new Set<string>();
  const both = gate();
  // Each job waits until the other has started: only possible if they run side by side.
  const job = (group: string): ScheduledJob => ({
    id: `${group}:sync`,
    group,
    cron: EVERY_SECOND,
    run: async () => {
      started.add(group);
      if (started.size === 2) both.open();
      await bounded(both.opened, `${group} ran alone`);
    },
  });
  const s = scheduler(t, [job('a'), job('b')], rec);
  s.start();
  await rec.until((events) => count(events, 'finished', 'a:sync') >= 1 && count(events, 'finished', 'b:sync') >= 1);
  t.equal(count(rec.events, 'failed'), 0, 'neither had to give up waiting for the other');
  t.same([...started].sort(), ['a', 'b']);
});

t.test('a job that throws is logged and reported, and the schedule goes on', async (t) => {
  const rec = recorder();
  const failure = new Error('hubspot answered 401');
  const s = scheduler(t, [
    { id: 'broken:sync', group: 'broken', cron: EVERY_SECOND, run: async () => { throw failure; } },
    { id: 'fine:sync', group: 'fine', cron: EVERY_SECOND, run: async () => {} },
  ], rec);
  s.start();
  await rec.until((events) => count(events, 'failed', 'broken:sync') >= 2 && count(events, 'finished', 'fine:sync') >= 2);
  t.match(rec.events.find((e) => e.type === 'failed'), { id: 'broken:sync', error: failure });
  t.match(rec.lines.join('\n'), /error broken:sync: failed: hubspot answered 401/);
  t.pass('the failing job was triggered again, and the other job kept running');
});

t.test('stop() aborts the running job, waits for it, and stops triggering', async (t) => {
  const rec = recorder();
  let seen: AbortSignal | undefined;
  let cleanedUp = false;
  const s = scheduler(t, [{
    id: 'p:sync',
    group: 'p',
    cron: EVERY_SECOND,
    run: async (signal) => {
      seen = signal;
      await bounded(new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })), 'never aborted');
      // Committing what was done so far takes a moment; stop() must wait for it.
      await new Promise((resolve) => setImmediate(resolve));
      cleanedUp = true;
    },
  }], rec);
  s.start();
  await rec.until((events) => count(events, 'started') >= 1);
  t.equal(seen?.aborted, false);
  const stopping = s.stop();
  t.equal(s.stop(), stopping, 'stop() again is the same stop');
  await stopping;
  t.equal(seen?.aborted, true, 'the job was told to stop');
  t.ok(cleanedUp, 'stop() resolved only after the job had returned');
  t.same(rec.events.map((e) => e.type), ['started', 'finished']);
  await s.stop();
  t.same(s.nextRuns(), [{ id: 'p:sync', next: null }], 'nothing is due any more');

  await s.runNow('p:sync');
  t.match(rec.events.at(-1), { type: 'skipped', id: 'p:sync', reason: 'the scheduler is stopping' }, 'runNow after stop runs nothing');
  s.start();
  t.equal(count(rec.events, 'started'), 1, 'start() after stop() does not restart it');
});

t.test('runNow runs a job at once, under the group rule', async (t) => {
  const rec = recorder();
  const hold = gate();
  let runs = 0;
  // A schedule that is far off: only runNow can run these.
  const s = scheduler(t, [
    { id: 'p:sync', group: 'p', cron: '0 3 1 1 *', run: async () => { runs++; await hold.opened; } },
    { id: 'p:reconcile', group: 'p', cron: '0 3 1 1 *', run: async () => void runs++ },
  ], rec);
  s.start();
  const sync = s.runNow('p:sync');
  await s.runNow('p:reconcile');
  t.match(rec.events.at(-1), { type: 'skipped', id: 'p:reconcile', reason: 'p:sync is still running' });
  hold.open();
  await sync;
  t.match(rec.events.at(-1), { type: 'finished', id: 'p:sync' }, 'runNow resolves once the job has finished');
  t.equal(runs, 1, 'the skipped reconcile was not queued to run after the sync');
  await t.rejects(s.runNow('p:nope'), { message: /No scheduled job is named "p:nope"; the jobs are: p:sync, p:reconcile/ });
});

t.test('nextRuns says when each job is due, in its time zone', async (t) => {
  const rec = recorder();
  const now = () => new Date('2026-01-01T12:00:00Z');
  const s = scheduler(t, [
    { id: 'p:sync', group: 'p', cron: '*/5 * * * *', run: async () => {} },
    { id: 'p:reconcile', group: 'p', cron: '0 3 * * *', timezone: 'Asia/Shanghai', run: async () => {} },
  ], rec, now);
  t.same(s.nextRuns(), [
    { id: 'p:sync', next: new Date('2026-01-01T12:05:00Z') },
    { id: 'p:reconcile', next: new Date('2026-01-01T19:00:00Z') },
  ], '03:00 in Shanghai is 19:00 UTC the day before');
});

t.test('an invalid schedule stops the scheduler from being made, naming the job', async (t) => {
  const job = (cron: string, timezone?: string): ScheduledJob => ({ id: 'shop-to-crm:reconcile', group: 'shop-to-crm', cron, timezone, run: async () => {} });
  const rec = recorder();
  const make = (jobs: ScheduledJob[]) => () => new Scheduler(jobs, { logger: rec.logger });
  t.throws(make([job('61 * * * *')]), { message: /^Job "shop-to-crm:reconcile" has an invalid schedule "61 \* \* \* \*": .*minute/ });
  t.throws(make([job('every day')]), { message: /^Job "shop-to-crm:reconcile" has an invalid schedule "every day"/ });
  t.throws(make([job('0 0 0 1 1 * 2030')]), { message: /invalid schedule "0 0 0 1 1 \* 2030"/ }, 'seven fields (years) are not accepted');
  t.throws(make([job('0 3 * * *', 'Mars/Olympus_Mons')]), { message: /invalid schedule "0 3 \* \* \*" in time zone "Mars\/Olympus_Mons"/ });
  t.throws(make([job('0 0 30 2 *')]), { message: /invalid schedule "0 0 30 2 \*": it never comes round/ });
  t.throws(make([job('0 3 * * *'), job('0 4 * * *')]), { message: /Two scheduled jobs are named "shop-to-crm:reconcile"/ });
  t.doesNotThrow(make([job('*/5 * * * *'), { ...job('0 3 * * *', 'Asia/Shanghai'), id: 'x' }]));
});

t.test('stopOnSignals calls stop once, on the first signal, until uninstalled', async (t) => {
  const before = { term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') };
  const calls: string[] = [];
  const uninstall = stopOnSignals(async (signal) => void calls.push(signal));
  t.teardown(uninstall);
  t.equal(process.listenerCount('SIGTERM'), before.term + 1);
  process.emit('SIGTERM', 'SIGTERM');
  process.emit('SIGINT', 'SIGINT');
  t.same(calls, ['SIGTERM'], 'stop is called once, told which signal came');
  uninstall();
  t.same({ term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') }, before, 'uninstall removes both handlers');
});

t.test('a queued job (a push run) waits for its group instead of being skipped, and runs after the job in progress', async (t) => {
  const rec = recorder();
  const order: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const s = scheduler(t, [{ id: 'p:sync', group: 'p', cron: '0 0 1 1 *', run: async () => { order.push('sync start'); await held; order.push('sync end'); } }], rec);
  const sync = s.runNow('p:sync');
  const pushA = s.runQueued({ id: 'p:push', group: 'p', run: async () => { order.push('push A'); } });
  const pushB = s.runQueued({ id: 'p:push', group: 'p', run: async () => { order.push('push B'); } });
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.same(order, ['sync start'], 'the pushes wait while the sync runs');
  release();
  await Promise.all([sync, pushA, pushB]);
  t.same(order, ['sync start', 'sync end', 'push A', 'push B'], 'then run one after the other, none skipped');
  t.notOk(rec.events.some((e) => e.type === 'skipped'));
});
