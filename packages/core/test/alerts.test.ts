import t, { type Test } from 'tap';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@datong/sdk';
import type { Alert } from '../src/alerts/alert.js';
import { verifyAlertSignature } from '../src/alerts/alert-signature.js';
import { sendAlert } from '../src/alerts/send-alert.js';

const SECRET = 'whsec_test_3f9a';
const alert: Alert = {
  kind: 'reconcile.drift',
  pipeline: 'shop-to-crm',
  runId: 'run-42',
  summary: 'orders: 3 missing in the CRM',
  detail: { stage: 'orders', missing: 3 },
};

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1 that records each request and answers with the next status of
 * `statuses` (200 once they run out); `echo` is put in each answer's body.
 */
async function receiver(t: Test, statuses: number[] = [], echo = ''): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end(echo);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  t.teardown(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/datong`, received };
}

/** A logger that keeps its lines, to check what an operator would see. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

t.test('an alert arrives as signed JSON with the documented headers', async (t) => {
  const { url, received } = await receiver(t);
  const at = new Date('2026-01-01T00:00:00Z');
  const result = await sendAlert({ url, secret: SECRET }, alert, { now: () => at });
  t.same(result, { sent: true, status: 200 });
  t.equal(received.length, 1);
  const [{ headers, body }] = received as [Received];

  const payload = JSON.parse(body);
  t.match(payload, { ...alert, at: '2026-01-01T00:00:00.000Z' }, 'the body carries the alert, stamped with the time it was sent');
  t.match(payload.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a uuid per alert');
  t.match(headers, {
    'content-type': 'application/json',
    'user-agent': 'datong',
    'x-datong-event': 'reconcile.drift',
    'x-datong-delivery': payload.id,
  });

  const signature = headers['x-datong-signature'] as string;
  t.match(signature, /^t=1767225600,v1=[0-9a-f]{64}$/, 't is the send time in Unix seconds; v1 lower-case hex');
  const expected = createHmac('sha256', SECRET).update(`1767225600.${body}`).digest('hex');
  t.equal(signature.split('v1=')[1], expected, 'v1 is HMAC-SHA256 of "<t>.<raw body>"');

  const verify = (secret: string, raw: string, now = at) => verifyAlertSignature(secret, signature, raw, { now: () => now });
  t.ok(verify(SECRET, body), 'the receiver verifies it with the shared secret');
  t.notOk(verify('whsec_wrong', body), 'a wrong secret fails');
  t.notOk(verify(SECRET, body.replace('"missing":3', '"missing":0')), 'a tampered body fails');
  t.notOk(verify(SECRET, body, new Date(at.getTime() + 301_000)), 'a replay after the tolerance (300 s) fails');
  t.ok(verify(SECRET, body, new Date(at.getTime() + 299_000)), 'a late but timely delivery passes');
});

t.test('an alert has a given time kept, and no signature without a secret', async (t) => {
  const { url, received } = await receiver(t);
  const result = await sendAlert({ url }, { ...alert, runId: undefined, at: '2025-12-31T23:00:00.000Z' });
  t.equal(result.sent, true);
  const [{ headers, body }] = received as [Received];
  t.equal(headers['x-datong-signature'], undefined);
  const payload = JSON.parse(body);
  t.equal(payload.at, '2025-12-31T23:00:00.000Z');
  t.notOk('runId' in payload, 'no runId when the alert has none');
});

t.test('the signature scheme matches an independently computed example (openssl)', async (t) => {
  // printf '%s' '1767225600.<body>' | openssl dgst -sha256 -hmac 'whsec_test_3f9a'
  const body = '{"id":"8d6c0f52-3c1e-4a3b-9f0e-2b7c1d4e5a6f","kind":"run.failed","pipeline":"shop-to-crm","summary":"stage orders failed"}';
  const header = 't=1767225600,v1=0af553a586ae8032156813770f3a74764e18be46fe229e12d2ba665d020bf151';
  const now = () => new Date('2026-01-01T00:01:00Z');
  t.ok(verifyAlertSignature(SECRET, header, body, { now }));
  t.ok(verifyAlertSignature(SECRET, header.toUpperCase().replace('T=', 't=').replace('V1=', 'v1='), body, { now }), 'hex case does not matter');
  t.ok(verifyAlertSignature(SECRET, header, Buffer.from(body), { now }), 'a raw Buffer body verifies too');
  t.ok(
    verifyAlertSignature(SECRET, `t=1767225600,v1=${'0'.repeat(64)},v1=0af553a586ae8032156813770f3a74764e18be46fe229e12d2ba665d020bf151`, body, { now }),
    'any one of several v1 entries may match (secret rotation)',
  );
});

t.test('missing, malformed and stale headers are refused', async (t) => {
  const body = '{}';
  const ts = 1767225600;
  const good = `t=${ts},v1=${createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex')}`;
  const now = () => new Date(ts * 1000);
  t.ok(verifyAlertSignature(SECRET, good, body, { now }));
  for (const header of [
    undefined,
    '',
    'garbage',
    `v1=${good.split('v1=')[1]}`,
    `t=${ts}`,
    `t=${ts},v1=abc`,
    `t=${ts},v1=${'z'.repeat(64)}`,
    `t=soon,v1=${good.split('v1=')[1]}`,
    `t=${ts},t=${ts},${good.split(',')[1]}`,
    `t=${ts},v0=${good.split('v1=')[1]}`,
  ]) {
    t.notOk(verifyAlertSignature(SECRET, header, body, { now }), `refused: ${JSON.stringify(header)}`);
  }
  t.notOk(verifyAlertSignature(SECRET, good, body, { now: () => new Date((ts - 301) * 1000) }), 'a timestamp from the future beyond tolerance');
  t.notOk(verifyAlertSignature(SECRET, good, body, { now: () => new Date((ts + 61) * 1000), toleranceSeconds: 60 }), 'a tighter tolerance');
});

t.test('a 500 is retried and the alert delivered once, under one delivery id', async (t) => {
  const { url, received } = await receiver(t, [500]);
  const logger = recordingLogger();
  const result = await sendAlert({ url, secret: SECRET }, alert, { logger });
  t.same(result, { sent: true, status: 200 });
  t.equal(received.length, 2, 'one failed attempt, one delivery');
  t.equal(received[0]!.headers['x-datong-delivery'], received[1]!.headers['x-datong-delivery'], 'the receiver can tell it is a repeat');
  t.ok(verifyAlertSignature(SECRET, received[1]!.headers['x-datong-signature'] as string, received[1]!.body), 'the retry is signed too');
  t.match(logger.lines.join('\n'), /warn alert webhook: answered 500; retry 1 of 3/, 'the retry is logged');
});

t.test('an alert that cannot be delivered is reported, not thrown, and the secret stays out of it', async (t) => {
  // A receiver that refuses and, carelessly, quotes the secret back.
  const { url, received } = await receiver(t, [400], `bad signature, expected secret ${SECRET}`);
  const logger = recordingLogger();
  const result = await sendAlert({ url, secret: SECRET }, alert, { logger });
  t.match(result, { sent: false, status: 400, error: /alert webhook answered 400 .*\[redacted\]/ });
  t.equal(received.length, 1, 'a 4xx is not retried');
  const everything = `${result.error}\n${logger.lines.join('\n')}`;
  t.notMatch(everything, SECRET, 'the secret is in no error and no log line');
  t.match(logger.lines.join('\n'), /warn alert reconcile\.drift for shop-to-crm was not delivered/);
});

t.test('an unreachable webhook gives sent:false without throwing', async (t) => {
  // A port that was just free: nothing listens there.
  const { url } = await receiver(t);
  const closed = await new Promise<string>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(url.replace(/:\d+\//, `:${port}/`)));
    });
  });
  const logger = recordingLogger();
  const result = await sendAlert({ url: closed, secret: SECRET }, alert, { logger, retries: 1 });
  t.match(result, { sent: false, error: /could not be reached/ });
  t.equal(result.status, undefined);
  t.match(logger.lines.join('\n'), /warn alert reconcile\.drift for shop-to-crm was not delivered/);
  t.notMatch(logger.lines.join('\n'), SECRET);

  const bad = await sendAlert({ url: 'not a url', secret: SECRET }, alert);
  t.match(bad, { sent: false, error: String }, 'an unusable URL is reported too');
});

t.test('a kind the webhook does not list is not sent', async (t) => {
  const { url, received } = await receiver(t);
  const result = await sendAlert({ url, secret: SECRET, events: ['run.failed'] }, alert);
  t.same(result, { sent: false });
  t.equal(received.length, 0, 'no request at all');
  t.equal((await sendAlert({ url, events: ['run.failed', 'reconcile.drift'] }, alert)).sent, true, 'a listed kind is sent');
  t.equal(received.length, 1);
});
