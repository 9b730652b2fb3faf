import { randomUUID } from 'node:crypto';
import { HttpClient, Redactor, type HttpAuth, type Logger } from '@datong/sdk';
import type { Alert, WebhookTarget } from './alert.js';
import { SIGNATURE_HEADER, signAlert } from './alert-signature.js';

/** What became of one alert. `error` says why it was not sent (never with the secret in it). */
export interface AlertDelivery {
  sent: boolean;
  /** The receiver's last answer, when there was one. */
  status?: number;
  error?: string;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * POSTs an alert to a webhook as JSON (`{ id, kind, pipeline, runId, summary, detail, at }`),
 * signed with the target's secret (`X-Datong-Signature`, see `verifyAlertSignature`). A kind the
 * target's `events` leaves out is skipped without a request. 5xx, 429, timeouts and connection
 * failures are retried a few times with backoff, each attempt signed afresh; every attempt of one
 * alert carries the same `X-Datong-Delivery` id, so a receiver can drop a repeat.
 *
 * It never throws: an alert must never fail the run it reports on. A delivery that fails is
 * logged (warn) and returned as `{ sent: false, error }`.
 *
 * @example
 *   if (p.alerts?.webhook) await sendAlert(p.alerts.webhook, { kind: 'run.failed', pipeline: p.name, runId, summary, detail: {} }, { logger });
 */
export async function sendAlert(
  target: WebhookTarget,
  alert: Alert,
  options: { logger?: Logger; now?: () => Date; retries?: number } = {},
): Promise<AlertDelivery> {
  const logger = options.logger ?? silent;
  if (target.events !== undefined && !target.events.includes(alert.kind)) {
    logger.debug(`alert ${alert.kind} not sent: the webhook's events leave it out`, { kind: alert.kind, pipeline: alert.pipeline });
    return { sent: false };
  }
  const now = options.now ?? (() => new Date());
  const id = randomUUID();
  const body = JSON.stringify({
    id,
    kind: alert.kind,
    pipeline: alert.pipeline,
    runId: alert.runId,
    summary: alert.summary,
    detail: alert.detail,
    at: alert.at ?? now().toISOString(),
  });
  // The secret is only ever used to sign, but a receiver may echo it back in an error body.
  const redactor = new Redactor();
  redactor.add(target.secret);
  try {
    const client = new HttpClient(
      {
        baseUrl: target.url,
        platform: 'alert webhook',
        timeoutMs: target.timeoutMs ?? 10_000,
        retries: options.retries ?? 3,
        minDelayMs: 500,
        maxDelayMs: 5_000,
        // A receiver asking for a long pause must not hold up the run that is alerting.
        maxRetryAfterMs: 30_000,
        headers: { 'User-Agent': 'datong', 'X-Datong-Event': alert.kind, 'X-Datong-Delivery': id },
        auth: target.secret === undefined ? undefined : signing(target.secret, body, now),
      },
      { logger, signal: new AbortController().signal, redactor },
    );
    const response = await client.request({ method: 'POST', path: '', body, headers: { 'Content-Type': 'application/json' } });
    logger.debug(`alert ${alert.kind} sent`, { kind: alert.kind, pipeline: alert.pipeline, delivery: id, status: response.status });
    return { sent: true, status: response.status };
  } catch (error) {
    const message = redactor.text(error instanceof Error ? error.message : String(error));
    const status = (error as { status?: unknown } | null)?.status;
    logger.warn(`alert ${alert.kind} for ${alert.pipeline} was not delivered: ${message}`, { kind: alert.kind, pipeline: alert.pipeline, delivery: id });
    return { sent: false, ...(typeof status === 'number' ? { status } : {}), error: message };
  }
}

/**
 * Signs each attempt as it is sent (the HTTP kit applies auth per attempt), so a delivery retried
 * after a long backoff still carries a fresh timestamp.
 */
function signing(secret: string, body: string, now: () => Date): HttpAuth {
  return {
    async apply({ headers }) {
      headers[SIGNATURE_HEADER] = signAlert(secret, body, Math.floor(now().getTime() / 1000));
    },
  };
}
