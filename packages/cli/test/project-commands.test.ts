import t from 'tap';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './helpers/cli-process.js';
import { runInProcess } from './helpers/cli-in-process.js';
import { workDir } from './helpers/work-dir.js';
import { spawn } from 'node:child_process';

t.test('datong init makes a project and refuses a folder that is not empty', async (t) => {
  const dir = join(workDir(t, 'init'), 'shop-to-crm');
  const made = await runInProcess(['init', dir]);
  t.equal(made.code, 0, made.stderr);
  for (const file of ['pipeline.yaml', 'mappings/customer-to-contact.yaml', 'mappings/order-to-deal.yaml', '.env.example', '.gitignore', 'package.json', 'README.md']) {
    t.ok(existsSync(join(dir, file)), `${file} is there`);
  }
  const pipeline = readFileSync(join(dir, 'pipeline.yaml'), 'utf8');
  t.match(pipeline, /^# yaml-language-server: \$schema=node_modules\/@datong\/schemas\/pipeline\.schema\.json/, 'editors find its schema');
  t.match(pipeline, /name: shop-to-crm/, 'named after its folder');
  t.notMatch(readFileSync(join(dir, '.env.example'), 'utf8'), /=\S*[A-Za-z0-9]{20,}/, 'the template holds no credential');
  t.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\.env$/m, '.env is never committed');

  const again = await runInProcess(['init', dir]);
  t.equal(again.code, 2, 'exit 2');
  t.match(again.stderr, /the folder is not empty/);
});

t.test('datong discover shows what a plugin offers, secrets marked', async (t) => {
  const r = await runInProcess(['discover', 'shopify']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /@datong\/plugin-shopify@\d+\.\d+\.\d+/);
  t.match(r.stdout, /accessToken: string \(secret: from the environment\)/);
  t.match(r.stdout, /orders +key \[id\] +cursor updated_at/);
  const json = JSON.parse((await runInProcess(['discover', '@datong/plugin-hubspot', '--json'])).stdout) as { parts: { entities: { name: string }[] }[]; emulator: boolean };
  t.same(json.parts[0]!.entities.map((e) => e.name), ['contacts', 'deals']);
  t.equal(json.emulator, true);
  const missing = await runInProcess(['discover', 'shopfy']);
  t.equal(missing.code, 2, 'an unknown plugin is a config error');
  t.match(missing.stderr, /plugin "@datong\/plugin-shopfy" is not installed .*did you mean "@datong\/plugin-shopify"/);
});

t.test('datong emulate runs a platform, prints how to reach it, writes .env lines, and stops on Ctrl-C', async (t) => {
  const dir = workDir(t, 'emulate');
  const envFile = join(dir, '.env');
  writeFileSync(envFile, 'KEEP_ME=1\n');
  const child = spawn(process.execPath, [BIN, 'emulate', 'hubspot', '--seed', '5', '--set', 'dailyLimit=50', '--faults', 'latencyMs=5', '--write-env', envFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((ready) => child.stdout.on('data', (d: string) => { out += d; if (out.includes('Ctrl-C stops it.')) ready(); }));
  const url = /hubspot emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  t.ok(url, out);
  const env = readFileSync(envFile, 'utf8');
  t.match(env, /^KEEP_ME=1$/m, 'other lines are kept');
  t.match(env, new RegExp(`^HUBSPOT_BASE_URL=${url}$`, 'm'));
  const token = /^HUBSPOT_ACCESS_TOKEN=(\S+)$/m.exec(env)?.[1];
  t.ok(token, 'the access token it accepts');
  t.equal(statSync(envFile).mode & 0o777, 0o600, 'the .env holding credentials is owner-only');
  const ok = await fetch(`${url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(ok.status, 200, 'it answers with those credentials');
  t.equal(ok.headers.get('x-hubspot-ratelimit-daily'), '50', '--set reached the emulator');
  const faults = (await fetch(`${url}/_emulator/faults`).then((r) => r.json())) as Record<string, unknown>;
  t.match(faults, { latencyMs: 5 }, '--faults reached the emulator');
  child.kill('SIGINT');
  const code = await new Promise<number | null>((done) => child.on('close', done));
  t.equal(code, 0, 'Ctrl-C stops it cleanly');

  const bad = await runInProcess(['emulate', 'hubspot', '--faults', 'rateLimitAftr=3']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /rateLimitAftr/);
});
