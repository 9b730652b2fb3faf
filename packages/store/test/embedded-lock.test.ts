import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { openStore } from '../src/open-store.js';

t.test('a second opener of the embedded store is told who holds it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'datong-lock-'));
  const store = await openStore({ dir, command: 'datong run shop.yaml' });
  t.teardown(() => store.close());
  await t.rejects(openStore({ dir, command: 'datong status' }), {
    code: 'STORE_LOCKED',
    message: new RegExp(`in use by pid ${process.pid} on ${hostname()} \\(datong run shop\\.yaml`),
  });
});

t.test('a lock left by a dead process is taken over', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'datong-lock-'));
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  writeFileSync(join(dir, 'store.lock'), JSON.stringify({ pid: child.pid, host: hostname(), command: 'killed', since: 'then' }));
  const store = await openStore({ dir });
  t.ok(store, 'opened despite the stale lock');
  await store.close();
  const again = await openStore({ dir });
  t.ok(again, 'closing released the lock');
  await again.close();
});
