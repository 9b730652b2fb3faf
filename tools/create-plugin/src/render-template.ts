import { CreatePluginError } from './create-plugin-error.js';

/** Placeholder values by name: `{ NAME: 'acme' }` fills `__NAME__`. */
export type TemplateValues = Record<string, string>;

const PLACEHOLDER = /__([A-Z][A-Z0-9_]*?)__/g;

/**
 * Fills every `__NAME__` placeholder of a template. A placeholder with no value is a bug in the
 * templates, so it throws (naming the file) rather than leaving `__NAME__` in a new plugin.
 */
export function renderTemplate(text: string, values: TemplateValues, file: string): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new CreatePluginError(`template ${file} uses ${whole}, which has no value`);
    return value;
  });
}

/**
 * Where a template file lands. Files that would mean something to the tools of this repository
 * while they sit in templates/ (a package.json, dot files) are stored with a leading `_`.
 */
export function outputPath(templatePath: string, values: TemplateValues): string {
  const parts = templatePath.split('/');
  const last = parts.pop()!;
  const renamed = SPECIAL_NAMES[last] ?? last;
  return renderTemplate([...parts, renamed].join('/'), values, templatePath);
}

const SPECIAL_NAMES: Record<string, string> = {
  '_package.json': 'package.json',
  _taprc: '.taprc',
  _gitignore: '.gitignore',
};
