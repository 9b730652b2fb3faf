import type { EmulatorResponse } from '@datong/sdk/emulator';
import type { HubSpotEmulatorSettings } from './emulator-settings.js';
import type { HubSpotStore } from './hubspot-store.js';

/** What the route modules share: the data, the settings, the clock and HubSpot's error shape. */
export interface EmulatorApi {
  store: HubSpotStore;
  settings: HubSpotEmulatorSettings;
  now(): number;
  correlationId(): string;
}

/** HubSpot's error body: `{status:"error", message, correlationId, category, ...}`. */
export function errorResponse(api: EmulatorApi, status: number, category: string, message: string, extra: Record<string, unknown> = {}): EmulatorResponse {
  return { status, json: { status: 'error', message, correlationId: api.correlationId(), category, ...extra } };
}

/** The start and end stamps every batch response carries. */
export function batchStamps(api: EmulatorApi): { startedAt: string; completedAt: string } {
  const at = new Date(api.now()).toISOString();
  return { startedAt: at, completedAt: at };
}

/** The `inputs` array of a batch body, or the 400 HubSpot answers when it is missing or too long. */
export function batchInputs(api: EmulatorApi, body: unknown): { inputs: Record<string, any>[] } | { refused: EmulatorResponse } {
  const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
  if (!Array.isArray(inputs) || inputs.some((i) => i === null || typeof i !== 'object')) {
    return { refused: errorResponse(api, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1: the body needs an "inputs" array of objects') };
  }
  if (inputs.length > api.settings.maxBatchSize) {
    return {
      refused: errorResponse(api, 400, 'VALIDATION_ERROR', `Too many inputs: ${inputs.length} were given and at most ${api.settings.maxBatchSize} are allowed in one batch`),
    };
  }
  return { inputs };
}
