import { CreatePluginError } from './create-plugin-error.js';

/** Every spelling of one plugin's name that the templates need. */
export interface PluginName {
  /** Kebab case, `acme-crm`: the folder, the platform name in messages, the emulator's name. */
  short: string;
  /** The npm package, `@datong/plugin-acme-crm` (or the scoped name given). */
  packageName: string;
  /** For people, `Acme Crm` (or `--title`). */
  title: string;
  /** For type names, `AcmeCrm`. */
  pascal: string;
  /** For values, `acmeCrm`. */
  camel: string;
  /** For environment variables, `ACME_CRM`. */
  constant: string;
}

// A letter first, so every derived spelling is a valid identifier; one hyphen between words.
const SHORT = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_SHORT = 40;
// npm's rules for a scope and a package name (lower case, URL-safe, not starting with . or _).
const SCOPED = /^@([a-z0-9][a-z0-9-._~]*)\/([a-z0-9][a-z0-9-._~]*)$/;
// A title lands in JSON strings, TypeScript comments and Markdown: keep out what would break them.
const UNSAFE_TITLE = /["\\`\u0000-\u001f]|\*\/|\$\{/;

/**
 * Reads what the user typed: a short name (`acme-crm` → `@datong/plugin-acme-crm`) or a full
 * scoped package name (`@acme/datong-plugin-crm`, short name `crm`). Throws a
 * `CreatePluginError` that says how to fix a name it cannot use.
 *
 * @example
 *   pluginName('acme-crm').packageName // '@datong/plugin-acme-crm'
 */
export function pluginName(input: string, title?: string): PluginName {
  const given = input.trim();
  if (given === '') throw new CreatePluginError('the plugin needs a name, e.g. `pnpm create-plugin acme-crm --kind source`');
  const { short, packageName } = given.startsWith('@') ? scoped(given) : unscoped(given);
  const words = short.split('-');
  const pascal = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return {
    short,
    packageName,
    title: title === undefined ? words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') : checkTitle(title),
    pascal,
    camel: pascal[0]!.toLowerCase() + pascal.slice(1),
    constant: words.join('_').toUpperCase(),
  };
}

function unscoped(name: string): { short: string; packageName: string } {
  const prefix = /^(datong-)?plugin-/.exec(name);
  if (prefix) {
    const rest = name.slice(prefix[0].length);
    throw new CreatePluginError(
      `"${name}": give the short name ("${rest}"); the package is then named @datong/plugin-${rest}. ` +
        `For a package of your own scope, give the full name, e.g. @acme/datong-plugin-${rest}`,
    );
  }
  checkShort(name, name);
  return { short: name, packageName: `@datong/plugin-${name}` };
}

function scoped(name: string): { short: string; packageName: string } {
  const match = SCOPED.exec(name);
  if (!match) {
    throw new CreatePluginError(
      `"${name}" is not a valid scoped package name: use @scope/name in lower case letters, digits and hyphens, e.g. @acme/datong-plugin-crm`,
    );
  }
  if (name.length > 214) throw new CreatePluginError(`"${name}" is longer than npm allows (214 characters)`);
  const short = match[2]!.replace(/^(datong-)?plugin-/, '');
  checkShort(short, name);
  return { short, packageName: name };
}

function checkShort(short: string, given: string): void {
  if (SHORT.test(short) && short.length <= MAX_SHORT) return;
  if (short.length > MAX_SHORT) throw new CreatePluginError(`"${given}" is too long: keep the name to ${MAX_SHORT} characters`);
  const suggestion = suggest(short);
  const hint = suggestion && suggestion !== short ? ` Did you mean "${suggestion}"?` : '';
  throw new CreatePluginError(
    `"${given}" cannot be a plugin name: use lower case letters, digits and single hyphens, starting with a letter ` +
      `(the name becomes the folder, the package name and the TypeScript type names).${hint}`,
  );
}

function suggest(name: string): string | undefined {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[-0-9]+|-+$/g, '');
  return SHORT.test(kebab) && kebab.length <= MAX_SHORT ? kebab : undefined;
}

function checkTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed === '' || trimmed.length > 60 || UNSAFE_TITLE.test(trimmed)) {
    throw new CreatePluginError(`--title "${title}": use 1 to 60 characters without quotes, backslashes, backticks or line breaks`);
  }
  return trimmed;
}
