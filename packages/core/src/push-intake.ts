import type { WebhookRequest } from '@datong/sdk';
import type { PreparedPipeline } from './prepare-pipeline.js';

/** What `datong listen` answers a push, and what the push asks to run. */
export interface PushOutcome {
  status: number;
  json: unknown;
  /** A plain-text answer, sent instead of `json` when the platform expects one. */
  text?: string;
  accepted: boolean;
  /** The stages an incremental run should cover (with the stages they wait for), in pipeline order. */
  stages: string[];
  topic?: string;
  /** A redelivery of a push already accepted: answered as accepted, nothing more runs. */
  duplicate?: boolean;
  reason?: string;
}

/** Per source: how many pushes were accepted, rejected (by reason) and redelivered. */
export interface PushCounts {
  accepted: number;
  rejected: number;
  duplicates: number;
  reasons: Record<string, number>;
}

/**
 * The engine's side of webhook intake: hands each push to its source's `webhook.verify` (the
 * plugin checks the signature over the raw body), counts what it accepts and rejects, drops
 * redeliveries of one delivery id, and names the stages to run. A push is a trigger, never the
 * record: what runs is an ordinary incremental read of the streams it touches, so a push that is
 * lost, forged or out of order can neither lose nor corrupt a record, and the next scheduled run
 * catches what a lost push missed.
 *
 * @example
 *   const intake = new PushIntake(p);
 *   const outcome = intake.receive('shop', { method: 'POST', headers, query, rawBody });
 *   if (outcome.stages.length > 0) await runPipeline(p, store, { stages: outcome.stages });
 */
export class PushIntake {
  private readonly counts = new Map<string, PushCounts>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly p: PreparedPipeline,
    private readonly options: { rememberDeliveries?: number } = {},
  ) {
    for (const name of this.sources()) this.counts.set(name, { accepted: 0, rejected: 0, duplicates: 0, reasons: {} });
  }

  /** The pipeline's sources whose plugin verifies pushes. */
  sources(): string[] {
    return [...this.p.sources.values()].filter((s) => s.plugin.plugin.source?.webhook !== undefined).map((s) => s.name);
  }

  /** Verifies and counts one push to `source`. Never throws for a bad push: it is answered and counted. */
  receive(source: string, request: WebhookRequest): PushOutcome {
    const endpoint = this.p.sources.get(source);
    const webhook = endpoint?.plugin.plugin.source?.webhook;
    if (!endpoint || !webhook) {
      return { status: 404, json: { error: `no source "${source}" takes pushes; these do: ${this.sources().join(', ') || 'none'}` }, accepted: false, stages: [], reason: 'unknown source' };
    }
    const counts = this.counts.get(source)!;
    let verdict;
    try {
      verdict = webhook.verify(request, endpoint.config);
    } catch (error) {
      verdict = { accepted: false as const, reason: `the plugin could not read the push: ${error instanceof Error ? error.message : String(error)}`, status: 400 };
    }
    if (!verdict.accepted) {
      counts.rejected++;
      const reason = this.p.redactor.text(verdict.reason);
      counts.reasons[reason] = (counts.reasons[reason] ?? 0) + 1;
      return { status: verdict.status ?? 401, json: { error: reason }, accepted: false, stages: [], reason };
    }
    const response = verdict.response ?? {};
    const answer = { status: response.status ?? 200, json: response.json ?? { ok: true }, ...(response.text === undefined ? {} : { text: response.text }) };
    if (verdict.deliveryId !== undefined) {
      const id = `${source}\0${verdict.deliveryId}`;
      if (this.seen.has(id)) {
        counts.duplicates++;
        return { ...answer, accepted: true, stages: [], duplicate: true, topic: verdict.topic };
      }
      this.remember(id);
    }
    counts.accepted++;
    return { ...answer, accepted: true, stages: stagesReading(this.p, source, verdict.streams), topic: verdict.topic };
  }

  /** The counts so far, per source. */
  tally(): Record<string, PushCounts> {
    return Object.fromEntries([...this.counts].map(([name, c]) => [name, { ...c, reasons: { ...c.reasons } }]));
  }

  private remember(id: string): void {
    this.seen.add(id);
    const limit = this.options.rememberDeliveries ?? 10_000;
    // A Set iterates in insertion order: the oldest ids go first.
    for (const old of this.seen) {
      if (this.seen.size <= limit) break;
      this.seen.delete(old);
    }
  }
}

/**
 * The stages that read any of `streams` of `source`, and every stage those wait for (an order
 * pushed for a new buyer needs the customers stage first), in the pipeline's order.
 */
export function stagesReading(p: PreparedPipeline, source: string, streams: string[]): string[] {
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const before of p.stages.find((s) => s.spec.name === name)?.after ?? []) add(before);
  };
  for (const stage of p.stages) {
    if (stage.from.some((f) => f.source === source && streams.includes(f.stream))) add(stage.spec.name);
  }
  return p.stages.filter((s) => wanted.has(s.spec.name)).map((s) => s.spec.name);
}
