import t from 'tap';
import { latestByKey, runLimited, runSlices, slices } from '../src/index.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('results come back in input order, at most `concurrency` calls at a time', async (t) => {
  let running = 0;
  let most = 0;
  const out = await runLimited([30, 5, 20, 1, 10], 2, async (ms, i) => {
    running++;
    most = Math.max(most, running);
    await tick(ms);
    running--;
    return `${i}:${ms}`;
  });
  t.same(out, ['0:30', '1:5', '2:20', '3:1', '4:10']);
  t.equal(most, 2);
});

t.test('after a failure no further call starts; the ones under way finish; the first failure is thrown', async (t) => {
  const started: number[] = [];
  const finished: number[] = [];
  const failing = runLimited([0, 1, 2, 3, 4, 5], 2, async (n) => {
    started.push(n);
    await tick(n === 1 ? 5 : 20);
    if (n === 1) throw new Error('daily quota spent');
    finished.push(n);
    return n;
  });
  await t.rejects(failing, /daily quota spent/);
  t.same(started, [0, 1], 'nothing started after the failure');
  t.same(finished, [0], 'the call under way was let finish');
});

t.test('`between` runs before every call but the first', async (t) => {
  let between = 0;
  await runLimited([1, 2, 3], 1, async () => undefined, { between: () => between++ });
  t.equal(between, 2);
});

t.test('slices, runSlices and latestByKey', async (t) => {
  t.same(slices([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  t.same(slices([], 100), []);
  t.throws(() => slices([1], 0), RangeError);
  t.same(await runSlices([1, 2, 3, 4, 5], 2, 3, async (s, i) => `${i}:${s.join('+')}`), ['0:1+2', '1:3+4', '2:5']);
  t.same(latestByKey([{ key: 'a', v: 1 }, { key: 'b', v: 1 }, { key: 'a', v: 2 }]), [{ key: 'a', v: 2 }, { key: 'b', v: 1 }], 'the last version wins, first-seen order');
});
