import t, { type Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAlertSignature } from '@datong/core';
import { summaryOf, type CliResult } from './helpers/cli-process.js';
import { runInProcess } from './helpers/cli-in-process.js';
import { startAlertReceiver } from './helpers/alert-receiver.js';
import { workDir } from './helpers/work-dir.js';

// Contract drift: a source starts sending fields and values its contract does not know (a new
// column in an export, a new membership tier). datong counts them in the run summary and in
// `datong status`, alerts the pipeline's webhook, and with `drift: strict` sets such records aside.

const SECRET = 'whsec-drift-test-0b9f';
const STREAM = 'export.customers';
const WITH_WECHAT = ['c03', 'c06', 'c09'];
const PLATINUM = ['c04', 'c10'];

/** A customer export whose schema knows id, name, email and three tiers; some lines carry a new field or a new tier. */
function project(t: Test, name: string, options: { strict?: boolean; webhook?: string } = {}): { dir: string; pipeline: string; run: (...args: string[]) => Promise<CliResult> } {
  const dir = workDir(t, name);
  writeFileSync(join(dir, 'customer.schema.json'), JSON.stringify({
    type: 'object', required: ['id', 'name'],
    properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, tier: { enum: ['gold', 'silver', 'bronze'] } },
  }));
  const tiers = ['gold', 'silver', 'bronze'];
  const lines = Array.from({ length: 12 }, (_, i) => {
    const id = `c${String(i + 1).padStart(2, '0')}`;
    return {
      id, name: `客户${i + 1}`, email: `c${i + 1}@example.com`,
      tier: PLATINUM.includes(id) ? 'platinum' : tiers[i % 3],
      ...(WITH_WECHAT.includes(id) ? { wechat_id: `wx_${id}` } : {}),
    };
  });
  writeFileSync(join(dir, 'customers.ndjson'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const pipeline = join(dir, 'pipeline.yaml');
  writeFileSync(pipeline, `name: ${name}
sources:
  export:
    plugin: "@datong/plugin-file"
    config:
      streams:
        customers: { path: customers.ndjson, key: [id], schema: customer.schema.json }
sinks:
  out:
    plugin: "@datong/plugin-file"
    config: { dir: out }
stages:
  - name: customers
    from: ${STREAM}
    to: out.contacts
    key: [id]
    map: { id: id, name: name, email: email, tier: tier }
${options.strict ? 'drift: strict\n' : ''}${options.webhook ? `alerts:\n  webhook: { url: "${options.webhook}", secret: { env: ALERT_SECRET } }\n` : ''}`);
  return { dir, pipeline, run: (...args) => runInProcess(args, { cwd: dir, env: { DATABASE_URL: '', ALERT_SECRET: SECRET } }) };
}

/** The ids the file sink holds. */
function written(dir: string): string[] {
  return readFileSync(join(dir, 'out', 'contacts.ndjson'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id).sort();
}

t.test('drift is reported in the summary and status, and alerted; records with a new field go on', async (t) => {
  const receiver = await startAlertReceiver(t);
  const p = project(t, 'drift-report', { webhook: receiver.url });

  const first = await p.run('run', p.pipeline, '--json');
  t.equal(first.code, 3, `exit 3: the new tier is not in the schema's enum, so those records are dead letters (stderr: ${first.stderr.slice(-400)})`);
  const summary = summaryOf(first);
  const stage = summary.stages[0];
  t.match(stage, { read: 12, written: 10, deadLettered: PLATINUM.length }, 'the records with the new field are written; the new tier breaks the contract');
  t.same(stage.drift.fields, [{ stream: STREAM, path: 'wechat_id', count: WITH_WECHAT.length, example: WITH_WECHAT[0] }], 'the summary counts the unknown field, with an example record');
  t.match(stage.drift.values, [{ stream: STREAM, path: 'tier', value: 'platinum', count: PLATINUM.length }], 'and the unknown value');
  t.same(written(p.dir), ['c01', 'c02', 'c03', 'c05', 'c06', 'c07', 'c08', 'c09', 'c11', 'c12'], 'the sink has every record but the two with the new tier');
  t.match(first.stderr, /contract drift in stage customers/, 'the run warns as it ends');

  const text = await p.run('run', p.pipeline);
  t.match(text.stdout, `    contract drift: 1 unknown field(s): ${STREAM} wechat_id ×3; 1 unknown value(s): ${STREAM} tier="platinum" ×2`, 'the text summary says it in one line');

  const status = await p.run('status', p.pipeline);
  t.match(status.stdout, new RegExp(`contract drift \\(latest run that saw it\\):\\n  customers \\(run-\\S+\\): 1 unknown field\\(s\\): ${STREAM} wechat_id ×3; 1 unknown value\\(s\\): ${STREAM} tier="platinum" ×2`), 'status shows it');
  t.match(status.stdout, /customers CONTRACT_VIOLATION: 2/, 'and the dead letters it caused');

  const alerts = receiver.deliveries.map((d) => ({ ...d, alert: JSON.parse(d.body) as Record<string, any> }));
  t.same(alerts.map((a) => a.alert.kind), ['contract.drift', 'contract.drift'], 'one contract.drift alert per run that saw drift');
  const [alert] = alerts;
  t.match(alert!.alert, {
    pipeline: 'drift-report', runId: summary.runId,
    summary: `drift-report: contract drift in customers (1 unknown field(s): ${STREAM} wechat_id ×3; 1 unknown value(s): ${STREAM} tier="platinum" ×2)`,
    detail: { stages: { customers: { fields: [{ path: 'wechat_id', count: 3 }], values: [{ path: 'tier', value: 'platinum', count: 2 }] } } },
  }, 'the alert names the run, the stage, the fields and the values');
  const signature = alert!.headers['x-datong-signature'] as string | undefined;
  t.ok(verifyAlertSignature(SECRET, signature, alert!.body), 'it is signed with the pipeline\'s secret');
  t.notOk(verifyAlertSignature('another-secret', signature, alert!.body), 'a receiver with another secret refuses it');
  t.notOk(verifyAlertSignature(SECRET, signature, alert!.body.replace('platinum', 'gold')), 'and a body changed on the way is refused');
  t.notOk([first, text, status].some((r) => (r.stdout + r.stderr).includes(SECRET)), 'the secret is printed nowhere');
});

t.test('drift: strict sets the drifting records aside as CONTRACT_DRIFT and writes the others', async (t) => {
  const p = project(t, 'drift-strict', { strict: true });
  const run = await p.run('run', p.pipeline, '--json');
  t.equal(run.code, 3, 'exit 3: done, with dead letters');
  const stage = summaryOf(run).stages[0];
  t.match(stage, { read: 12, written: 7, deadLettered: WITH_WECHAT.length + PLATINUM.length, drift: { fields: [{ path: 'wechat_id', count: 3 }], values: [{ path: 'tier', count: 2 }] } });
  t.same(written(p.dir), ['c01', 'c02', 'c05', 'c07', 'c08', 'c11', 'c12'], 'the sink has only the records that match their contract');
  const dead = (await p.run('dead-letters', 'list', p.pipeline, '--json')).stdout.trim().split('\n').map((l) => JSON.parse(l) as { code: string; record_key: string; reason: string });
  t.same(dead.map((d) => [d.record_key, d.code]).sort(), [...WITH_WECHAT, ...PLATINUM].sort().map((id) => [id, 'CONTRACT_DRIFT']), 'each drifting record is a CONTRACT_DRIFT dead letter');
  t.match(dead.find((d) => d.record_key === 'c03')?.reason, 'the record has what its contract does not know (drift: strict): unknown field wechat_id');
  t.match(dead.find((d) => d.record_key === 'c04')?.reason, 'unknown value tier="platinum"');
});
