import type { PropertyDefinition } from './default-properties.js';

/** One invalid value, in the shape HubSpot lists them inside "Property values were not valid". */
export interface PropertyProblem {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

/** The stored text of each property, or the problems that refuse the whole input. */
export interface CheckedProperties {
  values: Record<string, string>;
  problems: PropertyProblem[];
}

// HubSpot refuses an address without a dot in its domain (the classic "name@domain" typo).
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Checks the values of one input against the property definitions, as HubSpot does before it
 * writes: unknown and read-only properties, numbers, options, dates, booleans, e-mail addresses.
 * An empty string clears a property. Values are stored as HubSpot returns them: text.
 */
export function checkProperties(input: Record<string, unknown>, definitions: Map<string, PropertyDefinition>): CheckedProperties {
  const values: Record<string, string> = {};
  const problems: PropertyProblem[] = [];
  for (const [name, raw] of Object.entries(input)) {
    const definition = definitions.get(name);
    const problem = (error: string, message: string) => problems.push({ isValid: false, message, error, name });
    if (!definition) {
      problem('PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
      continue;
    }
    if (definition.modificationMetadata.readOnlyValue) {
      problem('READ_ONLY_VALUE', `${name} is a read only property; its value cannot be set.`);
      continue;
    }
    if (raw !== null && typeof raw === 'object') {
      problem('INVALID_PROPERTY_VALUE', `${JSON.stringify(raw)} is not a valid value for ${name}; send text`);
      continue;
    }
    const text = raw === null || raw === undefined ? '' : String(raw);
    if (text === '') {
      values[name] = '';
      continue;
    }
    const normalized = normalize(definition, text, problem);
    if (normalized !== undefined) values[name] = normalized;
  }
  return { values, problems };
}

function normalize(definition: PropertyDefinition, text: string, problem: (error: string, message: string) => void): string | undefined {
  const { name } = definition;
  if (name === 'email' && !EMAIL.test(text)) return void problem('INVALID_EMAIL', `Email address ${text} is invalid`);
  switch (definition.type) {
    case 'number':
      if (!NUMBER.test(text.trim())) return void problem('INVALID_FLOAT', `${text} is not a valid number value for ${name}`);
      return text.trim();
    case 'bool':
      if (text !== 'true' && text !== 'false') return void problem('INVALID_BOOLEAN', `${text} is not a valid boolean value for ${name}: use true or false`);
      return text;
    case 'enumeration': {
      const allowed = definition.options.map((o) => o.value);
      const chosen = definition.fieldType === 'checkbox' ? text.split(';') : [text];
      const bad = chosen.find((v) => !allowed.includes(v));
      if (bad !== undefined) return void problem('INVALID_OPTION', `${bad} was not one of the allowed options: [${allowed.join(', ')}]`);
      return text;
    }
    case 'datetime':
    case 'date': {
      const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
      if (!Number.isFinite(ms)) return void problem('INVALID_DATE', `${text} is not a valid date for ${name}: use ISO 8601 or milliseconds since the epoch`);
      if (definition.type === 'date' && ms % 86_400_000 !== 0) {
        return void problem('INVALID_DATE', `${text} is not midnight UTC; ${name} holds a date without a time`);
      }
      const iso = new Date(ms).toISOString();
      return definition.type === 'date' ? iso.slice(0, 10) : iso;
    }
    default:
      if (text.length > 65_536) return void problem('INVALID_STRING', `${name} is longer than 65536 characters`);
      return text;
  }
}

/** HubSpot's message for an input refused over its values. */
export function problemsMessage(problems: PropertyProblem[]): string {
  return `Property values were not valid: ${JSON.stringify(problems)}`;
}
