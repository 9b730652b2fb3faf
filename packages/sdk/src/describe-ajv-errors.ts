import type { ErrorObject } from 'ajv';

/** Ajv's errors as one line a person can act on: `/total must match format "decimal"; ...`. */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors
    .filter((e) => e.keyword !== 'if')
    .slice(0, 5)
    .map((e) => {
      const where = e.instancePath || '/';
      if (e.keyword === 'required') return `${where} is missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
      if (e.keyword === 'enum') return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
      if (e.keyword === 'additionalProperties') return `${where} has unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      return `${where} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}
