import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookRequest } from '../plugin.js';

/** A receiver for an emulator's pushes: where to subscribe it, and what it received. */
export interface PushReceiver {
  /** `http://127.0.0.1:<port>/hooks/<name>`: what to give the emulator's `/_emulator/webhooks`. */
  url: string;
  /** Each push as `datong listen` hands it to a plugin's `webhook.verify`: raw body, lower-case headers, query. */
  pushes: WebhookRequest[];
}

/**
 * A tiny HTTP server on 127.0.0.1 that keeps every push it is sent, for a plugin's webhook tests:
 * subscribe it to the emulator, make changes there, then run the plugin's `verify` on what arrived
 * (and on tampered copies). `answer` is what it replies (default 200, empty), as the platform expects.
 * Closed at the test's end.
 *
 * @example
 *   const hook = await pushReceiver(t, 'shop');
 *   await fetch(`${emu.url}/_emulator/webhooks`, { method: 'POST', body: JSON.stringify({ url: hook.url, secret }) });
 *   t.ok(hook.pushes.every((p) => verify(p, config).accepted));
 */
export async function pushReceiver(
  t: { teardown(fn: () => unknown): void },
  name: string,
  answer: { status?: number; contentType?: string; body?: string } = {},
): Promise<PushReceiver> {
  const pushes: WebhookRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://receiver.invalid').searchParams);
      pushes.push({ method: req.method ?? 'POST', headers, query, rawBody: Buffer.concat(chunks) });
      res.writeHead(answer.status ?? 200, answer.contentType ? { 'content-type': answer.contentType } : {}).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${name}`, pushes };
}
