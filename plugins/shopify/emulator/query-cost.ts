import {
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** Shopify's page-size cap for connections (UNCONFIRMED in the schema; widely documented). */
export const MAX_PAGE_SIZE = 250;

/** A problem with a connection's arguments, found before execution. */
export interface ArgumentProblem {
  message: string;
  path: string[];
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  problems: ArgumentProblem[];
}

/**
 * The cost of an operation by the rules shopify.dev publishes for the GraphQL Admin API: a scalar
 * or enum field costs 0, an object 1, an interface or union its costliest possible type, a
 * connection 2 plus its page size times the cost of one node, a plain list with `first` that many
 * objects. Without `data` it is the requested cost (page sizes from `first`/`last`, checked against
 * the bucket before execution); with the response's `data`, the actual cost (the nodes returned).
 * Requested-cost walks also report connections asked without `first`/`last` or above 250.
 */
export function operationCost(
  schema: GraphQLSchema,
  selection: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: unknown,
): { cost: number; problems: ArgumentProblem[] } {
  const walk: Walk = { schema, fragments, variables, problems: [] };
  const root = schema.getQueryType();
  if (!root) return { cost: 0, problems: [] };
  return { cost: selectionCost(walk, selection, root, data, []), problems: walk.problems };
}

function selectionCost(walk: Walk, selection: SelectionSetNode, type: GraphQLCompositeType, data: unknown, path: string[]): number {
  if (isAbstractType(type)) {
    // The costliest shape the value could take.
    let max = 0;
    for (const possible of walk.schema.getPossibleTypes(type)) max = Math.max(max, objectCost(walk, selection, possible, data, path));
    return max;
  }
  return objectCost(walk, selection, type as GraphQLObjectType, data, path);
}

function objectCost(walk: Walk, selection: SelectionSetNode, type: GraphQLObjectType, data: unknown, path: string[]): number {
  let cost = 0;
  for (const field of fieldsFor(walk, selection, type)) cost += fieldCost(walk, field, type, data, path);
  return cost;
}

function fieldCost(walk: Walk, node: FieldNode, parent: GraphQLObjectType, data: unknown, path: string[]): number {
  const def = parent.getFields()[node.name.value];
  if (!def || !node.selectionSet) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named)) return 0;
  const alias = node.alias?.value ?? node.name.value;
  const here = [...path, alias];
  const value = data === undefined ? undefined : (data as Record<string, unknown> | null)?.[alias];
  if (data !== undefined && (value === null || value === undefined)) return 0;
  const args = getArgumentValues(def, node, walk.variables) as { first?: number | null; last?: number | null; ids?: unknown[] };
  const inner = named as GraphQLCompositeType;

  if (named.name.endsWith('Connection') && isObjectType(named)) {
    if (data === undefined) {
      if (args.first == null && args.last == null) walk.problems.push({ message: 'you must provide one of first or last', path: here });
      for (const which of ['first', 'last'] as const) {
        const n = args[which];
        if (n != null && n > MAX_PAGE_SIZE) walk.problems.push({ message: `The ${which} argument must be less than or equal to ${MAX_PAGE_SIZE}`, path: here });
      }
      return 2 + (args.first ?? args.last ?? 0) * connectionNodeCost(walk, node.selectionSet, named, undefined, here);
    }
    const nodes = ((value as { nodes?: unknown[]; edges?: { node: unknown }[] }).nodes ?? (value as { edges?: { node: unknown }[] }).edges?.map((e) => e.node) ?? []);
    let cost = 2;
    for (const item of nodes) cost += connectionNodeCost(walk, node.selectionSet, named, item, here);
    return cost;
  }

  if (isListType(getNullableType(def.type))) {
    const perItem = (item: unknown) => 1 + selectionCost(walk, node.selectionSet!, inner, item, here);
    if (data === undefined) return (args.first ?? (Array.isArray(args.ids) ? args.ids.length : 1)) * perItem(undefined);
    return (value as unknown[]).reduce<number>((sum, item) => sum + (item === null ? 0 : perItem(item)), 0);
  }
  return 1 + selectionCost(walk, node.selectionSet, inner, value, here);
}

/** One node of a connection: its object point and its fields, read through `nodes` or `edges.node`. */
function connectionNodeCost(walk: Walk, selection: SelectionSetNode, connection: GraphQLObjectType, item: unknown, path: string[]): number {
  let cost = 0;
  for (const field of fieldsFor(walk, selection, connection)) {
    if (field.name.value === 'nodes' && field.selectionSet) {
      const nodeType = getNamedType(connection.getFields().nodes!.type) as GraphQLCompositeType;
      cost = Math.max(cost, 1 + selectionCost(walk, field.selectionSet, nodeType, item, path));
    }
    if (field.name.value === 'edges' && field.selectionSet) {
      const edgeType = getNamedType(connection.getFields().edges!.type) as GraphQLObjectType;
      for (const edgeField of fieldsFor(walk, field.selectionSet, edgeType)) {
        if (edgeField.name.value === 'node' && edgeField.selectionSet) {
          cost = Math.max(cost, 1 + selectionCost(walk, edgeField.selectionSet, getNamedType(edgeType.getFields().node!.type) as GraphQLCompositeType, item, path));
        }
      }
    }
  }
  return cost;
}

/** The fields a selection asks of a concrete type, fragments spread in. */
function fieldsFor(walk: Walk, selection: SelectionSetNode, type: GraphQLObjectType): FieldNode[] {
  const out: FieldNode[] = [];
  for (const s of selection.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (!s.typeCondition || applies(walk, s.typeCondition.name.value, type)) out.push(...fieldsFor(walk, s.selectionSet, type));
    } else {
      const fragment = walk.fragments.get(s.name.value);
      if (fragment && applies(walk, fragment.typeCondition.name.value, type)) out.push(...fieldsFor(walk, fragment.selectionSet, type));
    }
  }
  return out;
}

function applies(walk: Walk, condition: string, type: GraphQLObjectType): boolean {
  if (condition === type.name) return true;
  const named = walk.schema.getType(condition);
  return named !== undefined && isAbstractType(named) && walk.schema.isSubType(named, type);
}
