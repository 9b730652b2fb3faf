import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fault = new URL('../dist/fault.js', import.meta.url).href;
const script = (point: string) => `import { fault } from '${fault}'; for (let i = 0; i < 5; i++) { fault('${point}'); console.log('passed', i); }`;

t.test('the fault hook kills the process at the named point and passage, after announcing it', async (t) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script('after-commit')], {
    env: { ...process.env, DATONG_FAULT: 'after-commit:3', DATONG_FAULT_ACTION: 'exit' }, encoding: 'utf8',
  });
  t.equal(r.signal, 'SIGKILL');
  t.equal(r.stdout, 'passed 0\npassed 1\n', 'two passages went by, the third was killed');
  t.match(r.stderr, /datong-fault: reached after-commit \(passage 3/);
});

t.test('without DATONG_FAULT, or at another point, nothing happens', async (t) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script('after-commit')], {
    env: { ...process.env, DATONG_FAULT: 'mid-batch' }, encoding: 'utf8',
  });
  t.equal(r.status, 0);
  t.equal(r.stdout.split('\n').filter(Boolean).length, 5);
  t.ok(fileURLToPath(fault));
});
