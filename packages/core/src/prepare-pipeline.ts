import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { checkIdentityRules, type IdentityRules } from '@datong/identity';
import { createHash } from 'node:crypto';
import { compileCondition, compileMapping, type CompiledMapping, type Condition } from '@datong/mapping';
import { commerceModels, type Stage } from '@datong/schemas';
import { ConfigError, Redactor, type ConfigLocation } from '@datong/sdk';
import { compileSchema, createAjv } from './ajv.js';
import { explain } from './pipeline-loader.js';
import type { LoadedPipeline } from './pipeline-loader.js';
import { loadPlugin, type LoadedPlugin } from './plugin-loader.js';
import { literalSecrets, resolveSecretRefs } from './secret-refs.js';

/** A source or sink of the pipeline: its plugin and its config, secrets resolved. */
export interface PreparedEndpoint {
  name: string;
  plugin: LoadedPlugin;
  config: Record<string, unknown>;
}

/** A stage ready to run: references checked, map compiled, model found. */
export interface PreparedStage {
  spec: Stage;
  index: number;
  from: { source: string; stream: string; id: string }[];
  to: { sink: string; object: string; id: string };
  after: string[];
  model?: { name: string; schema: Record<string, unknown> };
  key?: string[];
  /** The stage's mapping, compiled (@datong/mapping): `map` per record, `enums` for validate. */
  mapping?: CompiledMapping;
  /** `resolve`: records become persons (golden records keyed by identity id); `link`: a field's customer key becomes its identity id. */
  identity?: { mode: 'resolve' } | { mode: 'link'; field: string; channel?: string };
  batchSize: number;
  retries: number;
  /** Review rules over the stage's mapped records, in file order. */
  reviewRules: ReviewRule[];
  /** The stage's `where:`: mapped records it does not hold for are left out (skipped), cursors move on. */
  where?: Condition;
  /** The mapping the stage applies, as the run records it: its file (or `inline`) and a digest of its content. */
  mappingLabel?: string;
}

/** A compiled review rule: a record it catches waits for a person instead of being written. */
export interface ReviewRule {
  name: string;
  when: string;
  reason?: string;
  test: Condition;
}

export interface PreparedPipeline {
  loaded: LoadedPipeline;
  name: string;
  redactor: Redactor;
  /** The state store's connection string, when the pipeline names one. */
  stateUrl?: string;
  sources: Map<string, PreparedEndpoint>;
  sinks: Map<string, PreparedEndpoint>;
  /** The pipeline's identity rules, checked; `phoneSalt` when the file names one (else the store derives it). */
  identity?: { rules: IdentityRules; phoneSalt?: string };
  /** In an order that respects every `after:`. */
  stages: PreparedStage[];
  /** Where alerts go, the secret resolved. */
  alerts?: { webhook?: { url: string; secret?: string; events?: string[]; timeoutMs?: number } };
  /** `strict`: a source record with fields or values its contract does not know is dead-lettered (CONTRACT_DRIFT). */
  drift: 'report' | 'strict';
  /** Differences a stage may have before `datong reconcile` fails and alerts. */
  reconcileThreshold: number;
}

const ajv = createAjv({ verbose: true });

/**
 * Checks everything that can be checked before any connection is made: each plugin is installed
 * and valid, each config satisfies its plugin's schema, secrets come from the environment, stage
 * references resolve, `after:` has no cycle, maps compile. All problems are reported together.
 */
export async function preparePipeline(loaded: LoadedPipeline, env: NodeJS.ProcessEnv = process.env): Promise<PreparedPipeline> {
  const problems: (ConfigLocation & { message: string })[] = [];
  const at = (pointer: string, message: string) => problems.push({ ...loaded.locate(pointer), pointer, message });
  const redactor = new Redactor();
  const spec = loaded.spec;

  const stateUrl = spec.state === undefined ? undefined
    : (resolveSecretRefs(spec.state, '/state', { locate: loaded.locate, redactor, env, problems }) as string | undefined);

  const endpoints = async (kind: 'sources' | 'sinks'): Promise<Map<string, PreparedEndpoint>> => {
    const out = new Map<string, PreparedEndpoint>();
    const part = kind === 'sources' ? 'source' : 'sink';
    for (const [name, endpoint] of Object.entries(spec[kind])) {
      const pointer = `/${kind}/${name}`;
      let plugin: LoadedPlugin;
      try {
        plugin = await loadPlugin(endpoint.plugin, loaded.dir, loaded.locate(`${pointer}/plugin`));
      } catch (error) {
        if (error instanceof ConfigError) problems.push(...error.problems);
        else at(`${pointer}/plugin`, `cannot load plugin "${endpoint.plugin}": ${(error as Error).message}`);
        continue;
      }
      if (!plugin.manifest.provides.includes(part)) {
        at(`${pointer}/plugin`, `"${endpoint.plugin}" provides no ${part} (it provides: ${plugin.manifest.provides.join(', ')})`);
        continue;
      }
      const schema = plugin.configSchema(part) ?? { type: 'object' };
      const raw = endpoint.config ?? {};
      for (const p of literalSecrets(raw, schema)) {
        at(`${pointer}/config${p}`, 'this field is a secret: take it from the environment with { env: NAME }, never write it in the file');
      }
      const config = resolveSecretRefs(raw, `${pointer}/config`, { locate: loaded.locate, redactor, env, problems }, plugin.configSchema(part)) as Record<string, unknown>;
      const validate = compileSchema(ajv, schema);
      if (!validate(config)) {
        for (const e of explain(validate.errors ?? [])) at(`${pointer}/config${e.pointer}`, `${endpoint.plugin} config: ${e.message}`);
      }
      out.set(name, { name, plugin, config });
    }
    return out;
  };
  let identity: PreparedPipeline['identity'];
  if (spec.identity) {
    const { phoneSalt, ...rules } = spec.identity;
    try {
      identity = { rules: checkIdentityRules(rules) };
      if (phoneSalt !== undefined) {
        identity.phoneSalt = resolveSecretRefs(phoneSalt, '/identity/phoneSalt', { locate: loaded.locate, redactor, env, problems }, { 'x-secret': true }) as string | undefined;
      }
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const p of error.problems) at(`/identity${p.pointer ?? ''}`, p.message);
    }
  }

  let alerts: PreparedPipeline['alerts'];
  if (spec.alerts?.webhook) {
    const { secret, ...webhook } = spec.alerts.webhook;
    const resolved = secret === undefined ? undefined
      : resolveSecretRefs(secret, '/alerts/webhook/secret', { locate: loaded.locate, redactor, env, problems }, { 'x-secret': true }) as string | undefined;
    alerts = { webhook: { ...webhook, ...(resolved === undefined ? {} : { secret: resolved }) } };
  }

  const sources = await endpoints('sources');
  const sinks = await endpoints('sinks');

  const stages: PreparedStage[] = [];
  const names = new Set(spec.stages.map((s) => s.name));
  spec.stages.forEach((stage, index) => {
    const pointer = `/stages/${index}`;
    const fromList = Array.isArray(stage.from) ? stage.from : [stage.from];
    const from = fromList.map((ref, i) => {
      const [source, ...rest] = ref.split('.');
      const p = Array.isArray(stage.from) ? `${pointer}/from/${i}` : `${pointer}/from`;
      if (!(source! in spec.sources)) at(p, `no source named "${source}" (sources: ${Object.keys(spec.sources).join(', ')})`);
      return { source: source!, stream: rest.join('.'), id: ref };
    });
    const [sink, ...objectParts] = stage.to.split('.');
    if (!(sink! in spec.sinks)) at(`${pointer}/to`, `no sink named "${sink}" (sinks: ${Object.keys(spec.sinks).join(', ')})`);
    const declared = sinks.get(sink!)?.plugin.sinkObjects() ?? [];
    if (declared.length > 0 && !declared.includes(objectParts.join('.'))) {
      at(`${pointer}/to`, `sink "${sink}" (${sinks.get(sink!)!.plugin.name}) has no object "${objectParts.join('.')}" (objects: ${declared.join(', ')})`);
    }
    for (const [i, dep] of (stage.after ?? []).entries()) {
      if (!names.has(dep)) at(`${pointer}/after/${i}`, `no stage named "${dep}"`);
    }
    let model: PreparedStage['model'];
    if (stage.model !== undefined) {
      const known = commerceModels[stage.model];
      if (known) model = { name: stage.model, schema: known };
      else {
        try {
          model = { name: stage.model, schema: JSON.parse(readFileSync(resolve(loaded.dir, stage.model), 'utf8')) as Record<string, unknown> };
          compileSchema(ajv, model.schema);
        } catch (error) {
          at(`${pointer}/model`, `"${stage.model}" is neither a canonical model (${Object.keys(commerceModels).join(', ')}) nor a readable JSON Schema: ${(error as Error).message}`);
        }
      }
    }
    const key = stage.key ?? (model?.schema['x-key'] as string[] | undefined);
    if (stage.map && !key) at(pointer, 'a stage with a map needs a key: set `key:` or use a model that declares one');
    const timezone = stage.timezone ?? spec.defaults?.timezone ?? '+08:00';
    let mapping: CompiledMapping | undefined;
    const written = loaded.mappings.get(index);
    if (written) {
      try {
        mapping = compileMapping(written.spec, { locate: written.locate, timezone });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(...error.problems);
      }
    }
    let stageIdentity: PreparedStage['identity'];
    if (stage.identity !== undefined) {
      if (!spec.identity) at(`${pointer}/identity`, 'this stage uses identity, but the pipeline has no `identity:` rules (keys to match persons on)');
      if (stage.identity === 'resolve') {
        stageIdentity = { mode: 'resolve' };
        if (key && key.length !== 1) at(`${pointer}/key`, `a stage with identity: resolve writes one record per person under one key field (the identity id); this key has ${key.length} fields`);
      } else {
        stageIdentity = { mode: 'link', field: stage.identity.link, ...(stage.identity.channel === undefined ? {} : { channel: stage.identity.channel }) };
        if (stage.identity.channel !== undefined && !(stage.identity.channel in spec.sources)) {
          at(`${pointer}/identity/channel`, `no source named "${stage.identity.channel}" (sources: ${Object.keys(spec.sources).join(', ')})`);
        }
      }
    }
    let where: Condition | undefined;
    if (stage.where !== undefined) {
      const compiled = compileCondition(stage.where, { timezone });
      if ('problem' in compiled) at(`${pointer}/where`, `where: ${compiled.problem}`);
      else where = compiled.test;
    }
    const reviewRules: ReviewRule[] = [];
    (spec.review ?? []).forEach((rule, i) => {
      if (rule.stage !== stage.name) return;
      const compiled = compileCondition(rule.when, { timezone });
      if ('problem' in compiled) at(`/review/${i}/when`, `review rule: ${compiled.problem}`);
      else reviewRules.push({ name: rule.name ?? rule.when, when: rule.when, ...(rule.reason === undefined ? {} : { reason: rule.reason }), test: compiled.test });
    });
    const mapFile = written?.locate('').file;
    const mappingLabel = written
      ? `${mapFile && mapFile !== loaded.file ? relative(loaded.dir, mapFile) : 'inline'}@${createHash('sha1').update(JSON.stringify(written.spec)).digest('hex').slice(0, 12)}`
      : undefined;
    stages.push({
      spec: stage, index, from, identity: stageIdentity, reviewRules, ...(mappingLabel ? { mappingLabel } : {}), ...(where ? { where } : {}),
      to: { sink: sink!, object: objectParts.join('.'), id: stage.to },
      after: stage.after ?? [],
      model, key, mapping,
      batchSize: stage.batchSize ?? spec.defaults?.batchSize ?? 10_000,
      retries: stage.retries ?? spec.defaults?.retries ?? 5,
    });
  });
  const ordered = order(stages, (p, m) => at(p, m));
  (spec.review ?? []).forEach((rule, i) => {
    if (!names.has(rule.stage)) at(`/review/${i}/stage`, `no stage named "${rule.stage}" (stages: ${[...names].join(', ')})`);
  });

  if (problems.length > 0) throw new ConfigError(dedupe(problems));
  return {
    loaded, name: spec.name, redactor, stateUrl, sources, sinks, ...(identity ? { identity } : {}), stages: ordered,
    ...(alerts ? { alerts } : {}), drift: spec.drift ?? 'report', reconcileThreshold: spec.reconcile?.threshold ?? 0,
  };
}

/** Stages in file order, each moved after the stages it waits for; a cycle is a config error. */
function order(stages: PreparedStage[], problem: (pointer: string, message: string) => void): PreparedStage[] {
  const byName = new Map(stages.map((s) => [s.spec.name, s]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: PreparedStage[] = [];
  const visit = (s: PreparedStage) => {
    if (done.has(s.spec.name)) return;
    if (visiting.has(s.spec.name)) {
      problem(`/stages/${s.index}/after`, `stage "${s.spec.name}" waits for itself through ${[...visiting].join(' -> ')}`);
      return;
    }
    visiting.add(s.spec.name);
    for (const dep of s.after) { const d = byName.get(dep); if (d) visit(d); }
    visiting.delete(s.spec.name);
    done.add(s.spec.name);
    out.push(s);
  };
  stages.forEach(visit);
  return out;
}

function dedupe<T extends { message: string; pointer?: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => { const k = `${i.pointer}\0${i.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

