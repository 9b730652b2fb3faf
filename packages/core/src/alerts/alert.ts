/** What an alert is about; a webhook's `events` list filters on it. */
export type AlertKind = 'reconcile.drift' | 'contract.drift' | 'run.failed';

/**
 * Something a person should look at: drift found by reconciliation, a source sending fields or
 * values its contract does not know, a run that failed. `summary` is one line for a chat message;
 * `detail` carries the numbers behind it.
 *
 * @example
 *   const alert: Alert = { kind: 'run.failed', pipeline: 'shop-to-crm', runId, summary: 'stage orders failed: hubspot answered 401', detail: { stage: 'orders' } };
 */
export interface Alert {
  kind: AlertKind;
  pipeline: string;
  runId?: string;
  summary: string;
  detail: Record<string, unknown>;
  /** When it happened (ISO 8601); default: when it is sent. */
  at?: string;
}

/**
 * Where alerts go: the pipeline file's `alerts.webhook`, with its secret already resolved from the
 * environment (see `preparePipeline`).
 */
export interface WebhookTarget {
  url: string;
  /** Signs each delivery (`X-Datong-Signature`) so the receiver can tell it came from us. */
  secret?: string;
  /** The kinds to send; default all. */
  events?: string[];
  /** Per attempt, from sending to the last byte of the answer; default 10_000. */
  timeoutMs?: number;
}
