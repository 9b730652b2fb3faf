import {
  Kind,
  execute,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { EmulatorKit, EmulatorRequest, EmulatorResponse, RouteHandler } from '@datong/sdk/emulator';
import { schemaFor } from './admin-schema.js';
import type { CostBucket, ThrottleStatus } from './cost-bucket.js';
import { INVALID_TOKEN_BODY, type OAuthTokens } from './oauth-tokens.js';
import { operationCost } from './query-cost.js';
import { rootValue } from './root-value.js';
import type { ShopStore } from './shop-store.js';
import type { ViewContext } from './view-support.js';

/** Shopify's cap on one query's requested cost. */
export const MAX_SINGLE_QUERY_COST = 1000;

export interface GraphqlEndpointOptions {
  kit: EmulatorKit;
  store: ShopStore;
  tokens: OAuthTokens;
  bucket: CostBucket;
  /** The HTTP status of a THROTTLED answer: 200 as observed, or 429 as one report claims (UNCONFIRMED). */
  throttleHttpStatus: number;
}

interface GraphqlBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** A parsed operation, ready to cost and run. */
interface Prepared {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/**
 * POST /admin/api/:version/graphql.json: the access token, then the query parsed and validated
 * against the version's schema, its requested cost checked (1,000 at most, and what the bucket
 * holds: else THROTTLED), the query run, the unused points refunded, and `extensions.cost` on
 * every answer.
 */
export function graphqlEndpoint(options: GraphqlEndpointOptions): RouteHandler {
  const { kit, store, tokens, bucket } = options;
  return async (req) => {
    if (!tokens.valid(req.headers['x-shopify-access-token'])) return { status: 401, json: INVALID_TOKEN_BODY };
    const version = req.params.version ?? '';
    if (!/^(\d{4}-\d{2}|unstable)$/.test(version)) return { status: 404, json: { errors: 'Not Found' } };
    const prepared = prepare(schemaFor(version), req);
    if ('errors' in prepared) return { json: { errors: prepared.errors } };

    const requested = operationCost(prepared.schema, prepared.operation.selectionSet, prepared.fragments, prepared.variables);
    if (requested.problems.length > 0) {
      return { json: { errors: requested.problems.map((p) => ({ message: p.message, path: p.path, extensions: { code: 'BAD_REQUEST' } })) } };
    }
    if (requested.cost > MAX_SINGLE_QUERY_COST) return { json: maxCostExceeded(requested.cost, bucket.status()) };
    if (!bucket.take(requested.cost)) return throttledResponse(requested.cost, bucket.status(), options.throttleHttpStatus);

    const ctx: ViewContext = { store, kit, served: [] };
    const result = await execute({
      schema: prepared.schema,
      document: prepared.document,
      rootValue: rootValue(ctx),
      contextValue: ctx,
      variableValues: prepared.variables,
      operationName: prepared.operation.name?.value,
    });
    const actual = operationCost(prepared.schema, prepared.operation.selectionSet, prepared.fragments, prepared.variables, result.data ?? {}).cost;
    bucket.refund(requested.cost - actual);
    // Pages are reported only now, so records a page fault changes are not half-rendered in this answer.
    for (const listing of ctx.served) await kit.pageServed(listing);
    const cost = { requestedQueryCost: requested.cost, actualQueryCost: actual, throttleStatus: bucket.status() };
    return { json: { ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}), data: result.data ?? null, extensions: { cost } } };
  };
}

/** Shopify's THROTTLED answer: no data, the requested cost and the bucket as it stands. */
export function throttledResponse(requested: number, status: ThrottleStatus, httpStatus: number): EmulatorResponse {
  return {
    status: httpStatus,
    fault: 'throttled',
    json: {
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status } },
    },
  };
}

/** The requested cost of a request's query, or 0 when it does not parse (for the rate-limit fault's answer). */
export function requestedCostOf(req: EmulatorRequest): number {
  const prepared = prepare(schemaFor(req.params.version ?? '2025-01'), req);
  if ('errors' in prepared) return 0;
  return operationCost(prepared.schema, prepared.operation.selectionSet, prepared.fragments, prepared.variables).cost;
}

function maxCostExceeded(cost: number, status: ThrottleStatus) {
  return {
    errors: [{
      message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
      extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: MAX_SINGLE_QUERY_COST },
    }],
    extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: status } },
  };
}

function prepare(schema: GraphQLSchema, req: EmulatorRequest): Prepared | { errors: unknown[] } {
  const body = (req.body ?? {}) as GraphqlBody;
  if (typeof body.query !== 'string' || body.query.trim() === '') return { errors: [{ message: 'No query string was present' }] };
  const checked = parsedAndValidated(schema, body.query);
  if ('errors' in checked) return checked;
  const { document } = checked;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = typeof body.operationName === 'string' ? operations.find((o) => o.name?.value === body.operationName) : operations[0];
  if (!operation || (operations.length > 1 && typeof body.operationName !== 'string')) {
    return { errors: [{ message: 'An operation name is required when the document holds several operations' }] };
  }
  if (operation.operation !== 'query') return { errors: [{ message: `This emulator serves queries only, not ${operation.operation}s` }] };
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], (body.variables ?? {}) as Record<string, unknown>);
  if (coerced.errors) return { errors: coerced.errors.map(shaped) };
  return { schema, document, operation, fragments, variables: coerced.coerced };
}

// Clients send the same few documents over and over: parse and validate each once per schema.
const documents = new WeakMap<GraphQLSchema, Map<string, { document: DocumentNode } | { errors: unknown[] }>>();

function parsedAndValidated(schema: GraphQLSchema, text: string): { document: DocumentNode } | { errors: unknown[] } {
  let cache = documents.get(schema);
  if (!cache) documents.set(schema, (cache = new Map()));
  let entry = cache.get(text);
  if (!entry) {
    try {
      const document = parse(text);
      const invalid = validate(schema, document);
      entry = invalid.length > 0 ? { errors: invalid.map(shaped) } : { document };
    } catch (error) {
      entry = { errors: [shaped(error as GraphQLError)] };
    }
    if (cache.size >= 500) cache.clear();
    cache.set(text, entry);
  }
  return entry;
}

/** graphql-js messages in Shopify's wording where Shopify's is known (unknown fields). */
function shaped(error: GraphQLError): Record<string, unknown> {
  const json: Record<string, unknown> = { ...error.toJSON() };
  const unknownField = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(error.message);
  if (unknownField) {
    return { ...json, message: `Field '${unknownField[1]}' doesn't exist on type '${unknownField[2]}'`, extensions: { code: 'undefinedField', typeName: unknownField[2], fieldName: unknownField[1] } };
  }
  return json;
}
