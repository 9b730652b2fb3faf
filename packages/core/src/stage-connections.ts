import { createPluginContext, fault, type Logger, type PluginContext, type SinkConnection, type SinkObject, type SourceConnection, type SourceStream } from '@datong/sdk';
import type { Store } from '@datong/store';
import { inPipeline } from './in-pipeline.js';
import type { PreparedPipeline, PreparedStage } from './prepare-pipeline.js';
import { unknownStreamError } from './unknown-stream-error.js';

/** A stage's ends, opened: its streams (each with its source's context), its sink object, and the contract mapped records meet. */
export interface OpenedStage {
  streams: { stream: SourceStream; id: string; ctx: PluginContext }[];
  sink: SinkObject;
  /** The sink's context (its logger, state, signal). */
  sinkCtx: PluginContext;
  contract?: { name: string; schema: Record<string, unknown> };
}

/**
 * The connections of one command (a run, a rollback, a reconciliation): each source and sink is
 * opened once, with its own plugin context, and closed together at the end.
 */
export class StageConnections {
  private readonly sources = new Map<string, SourceConnection>();
  private readonly sinks = new Map<string, SinkConnection>();

  constructor(
    private readonly p: PreparedPipeline,
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly signal: AbortSignal,
    /** Sinks are only read (a dry run, a reconciliation): their objects are opened read-only and set nothing up. */
    private readonly readOnly = false,
  ) {}

  /** The plugin context of a source or sink of the pipeline. */
  context(kind: 'sources' | 'sinks', name: string): PluginContext {
    return createPluginContext({
      logger: prefixed(this.logger, name),
      state: this.store.pluginState(this.p.name, `${kind}.${name}`),
      baseDir: this.p.loaded.dir,
      signal: this.signal,
      embeddedSql: this.store.embeddedSql,
      fault,
      redactor: this.p.redactor,
    });
  }

  /** Opens what a stage reads and writes (sources and sinks already open are reused). */
  async open(stage: PreparedStage, options: { streams?: boolean } = {}): Promise<OpenedStage> {
    const { p } = this;
    const streams: OpenedStage['streams'] = [];
    for (const [i, ref] of stage.from.entries()) {
      let conn = this.sources.get(ref.source);
      if (!conn) {
        const endpoint = p.sources.get(ref.source)!;
        conn = await inPipeline(p, 'sources', ref.source, () => endpoint.plugin.plugin.source!.open(endpoint.config, this.context('sources', ref.source)));
        this.sources.set(ref.source, conn);
      }
      const source = conn;
      const offered = await inPipeline(p, 'sources', ref.source, () => source.streams());
      const stream = offered.find((s) => s.spec.name === ref.stream);
      if (!stream) throw unknownStreamError(p, stage, i, offered.map((s) => s.spec.name));
      streams.push({ stream, id: ref.id, ctx: this.context('sources', ref.source) });
      if (options.streams === false) break;
    }
    let sinkConn = this.sinks.get(stage.to.sink);
    if (!sinkConn) {
      const endpoint = p.sinks.get(stage.to.sink)!;
      sinkConn = await inPipeline(p, 'sinks', stage.to.sink, () => endpoint.plugin.plugin.sink!.open(endpoint.config, this.context('sinks', stage.to.sink)));
      this.sinks.set(stage.to.sink, sinkConn);
    }
    const first = streams[0]!.stream.spec;
    const target = sinkConn;
    // What the sink's manifest declares for this object is its contract: mapped records are checked against it.
    const declared = p.sinks.get(stage.to.sink)!.plugin.sinkObject(stage.to.object);
    const contract = stage.model ?? (declared?.schema ? { name: `${stage.to.sink}.${stage.to.object}`, schema: declared.schema } : undefined);
    const sink = await inPipeline(p, 'sinks', stage.to.sink, () => target.object({
      name: stage.to.object, schema: contract?.schema ?? first.schema, key: stage.key ?? declared?.key ?? first.key, ...(this.readOnly ? { readOnly: true } : {}),
    }));
    return { streams, sink, sinkCtx: this.context('sinks', stage.to.sink), ...(contract ? { contract } : {}) };
  }

  /** Closes every connection; one that fails to close (a sink's end-of-run file, say) is logged, and the others still close. */
  async close(): Promise<void> {
    const named = [...[...this.sources].map(([n, c]) => [`source ${n}`, c] as const), ...[...this.sinks].map(([n, c]) => [`sink ${n}`, c] as const)];
    for (const [name, c] of named) {
      await c.close?.().catch((error: unknown) => this.logger.warn(`${name} did not close cleanly: ${(error as Error).message}`));
    }
    this.sources.clear();
    this.sinks.clear();
  }
}

function prefixed(logger: Logger, name: string): Logger {
  return {
    debug: (m, f) => logger.debug(`[${name}] ${m}`, f),
    info: (m, f) => logger.info(`[${name}] ${m}`, f),
    warn: (m, f) => logger.warn(`[${name}] ${m}`, f),
    error: (m, f) => logger.error(`[${name}] ${m}`, f),
  };
}
