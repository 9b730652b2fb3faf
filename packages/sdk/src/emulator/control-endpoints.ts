import type { EmulatorRequest, EmulatorResponse } from './emulator-request.js';
import type { FaultOptions } from './fault-options.js';

/** What the control endpoints need from the kit. */
export interface ControlTarget {
  name: string;
  requests: unknown[];
  faults: FaultOptions;
  setFaults(patch: Record<string, unknown>): FaultOptions;
  reset(): void;
  controls: ReadonlyMap<string, (body: any) => unknown>;
}

export const CONTROL_PREFIX = '/_emulator';
export const BUILT_IN_CONTROLS = new Set(['health', 'requests', 'faults', 'reset']);

/**
 * Answers /_emulator/*: GET health, GET requests (the log), GET faults, POST faults (JSON merged
 * into the faults, `null` deletes a key), POST reset, and POST <name> for registered actions.
 */
export async function controlResponse(target: ControlTarget, req: EmulatorRequest): Promise<EmulatorResponse> {
  const name = req.path.slice(CONTROL_PREFIX.length + 1);
  const get = req.method === 'GET';
  const post = req.method === 'POST';
  let body = req.body;
  if (body === undefined && req.rawBody.length > 0) {
    // A bare `curl -d '{...}'` or fetch with a string body sends no JSON content type; a control
    // call that silently ignored its body would be worse than one that reads it.
    try {
      body = JSON.parse(req.rawBody.toString('utf8')) as unknown;
    } catch {
      return { status: 400, json: { error: `control ${name} takes a JSON body` } };
    }
  }
  try {
    if (get && name === 'health') return { json: { ok: true, name: target.name } };
    if (get && name === 'requests') return { json: target.requests };
    if (get && name === 'faults') return { json: target.faults };
    if (post && name === 'faults') {
      try {
        return { json: target.setFaults((body ?? {}) as Record<string, unknown>) };
      } catch (err) {
        return { status: 400, json: { error: (err as Error).message } };
      }
    }
    if (post && name === 'reset') {
      target.reset();
      return { json: { ok: true } };
    }
    const handler = target.controls.get(name);
    if (post && handler !== undefined) {
      const result = await handler(body);
      return { json: result === undefined ? { ok: true } : result };
    }
    const known = [...BUILT_IN_CONTROLS, ...target.controls.keys()].join(', ');
    return { status: 404, json: { error: `no control ${req.method} ${req.path}; controls: ${known}` } };
  } catch (err) {
    return { status: 500, json: { error: err instanceof Error ? err.message : String(err) } };
  }
}
