import { RecordError, type DataRecord } from '@datong/sdk';
import { compileExpression, type Context } from './compile-mapping.js';

/** A compiled JSONata condition: true when the record matches. */
export type Condition = (record: DataRecord, bindings?: Record<string, unknown>) => Promise<boolean>;

/**
 * Compiles a JSONata condition outside a mapping (a review rule, a sample filter), with the same
 * normalizer functions a mapping has (`$phone`, `$email`, `$money`, `$timestamp`). `bindings` are
 * extra variables (`$before`). A condition that does not parse is returned as `problem`.
 */
export function compileCondition(text: string, options: { timezone?: string; region?: string } = {}): { test: Condition } | { problem: string } {
  const ctx: Context = {
    locate: () => ({}), timezone: options.timezone ?? 'UTC', region: options.region ?? 'CN', spec: { fields: {} }, problems: [], enums: [],
  };
  const expression = compileExpression(text, '', ctx);
  if (!expression) return { problem: ctx.problems[0]?.message ?? `${JSON.stringify(text)} does not parse` };
  return {
    test: async (record, bindings) => {
      try {
        return Boolean(await expression.evaluate(record, bindings));
      } catch (error) {
        throw new RecordError(`condition ${JSON.stringify(text)} failed: ${(error as Error).message}`, { code: 'EXPRESSION_FAILED', cause: error });
      }
    },
  };
}
