import { UpstreamError } from '@datong/sdk';

/** HubSpot's error body: `{status:"error", message, category, correlationId, context, errors}`. */
export interface HubSpotErrorBody {
  status?: string;
  message?: string;
  category?: string;
  subCategory?: string;
  correlationId?: string;
  policyName?: string;
  context?: Record<string, unknown>;
  errors?: { message?: string; code?: string; context?: Record<string, unknown> }[];
}

/**
 * HubSpot refused a call (a 4xx other than auth and rate limits): the sink looks at `category`
 * (VALIDATION_ERROR, OBJECT_NOT_FOUND, OBJECT_ALREADY_EXISTS...) to decide what to do.
 */
export class HubSpotError extends UpstreamError {
  readonly body: HubSpotErrorBody;

  constructor(message: string, status: number, body: HubSpotErrorBody) {
    super(message, { status, platformCode: body.category, code: 'UPSTREAM_REJECTED', retryable: false });
    this.body = body;
  }

  get category(): string | undefined {
    return this.body.category;
  }
}

/** The parsed error body, or an empty one when HubSpot sent none (or not JSON). */
export function errorBody(text: string): HubSpotErrorBody {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as HubSpotErrorBody) : {};
  } catch {
    return {};
  }
}

/**
 * HubSpot's message, made readable: "Property values were not valid: [{...json...}]" becomes
 * "email: Email address x is invalid (INVALID_EMAIL)".
 */
export function readableMessage(message: string | undefined): string {
  if (message === undefined || message === '') return 'no message';
  const match = /^Property values were not valid: (\[.*\])$/s.exec(message);
  if (!match) return message;
  try {
    const problems = JSON.parse(match[1]!) as { name?: string; message?: string; error?: string }[];
    return problems.map((p) => `${p.name}: ${p.message}${p.error ? ` (${p.error})` : ''}`).join('; ');
  } catch {
    return message;
  }
}
