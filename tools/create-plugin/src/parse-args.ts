import { parseArgs } from 'node:util';
import { CreatePluginError } from './create-plugin-error.js';
import type { CreatePluginOptions } from './create-plugin.js';

export const USAGE = `Usage: pnpm create-plugin <name> --kind source|sink [--dir <path>] [--title <text>]

Scaffolds a datong plugin package that builds and passes the contract kit on day one.

  <name>          acme-crm (the package becomes @datong/plugin-acme-crm) or a scoped
                  package name such as @acme/datong-plugin-crm
  --kind          source (reads a stream) or sink (writes an object)
  --dir <path>    where to create it; default plugins/<name> in the datong repository
  --title <text>  the platform's name for people, e.g. "Acme CRM"
  -h, --help      this text`;

/** Reads the command line; `help` when the user asked for the usage text. */
export function parseCommandLine(argv: string[]): (Omit<CreatePluginOptions, 'cwd'> & { help?: false }) | { help: true } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        kind: { type: 'string' },
        dir: { type: 'string' },
        title: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CreatePluginError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length !== 1) {
    throw new CreatePluginError(`${positionals.length === 0 ? 'give the plugin a name' : `one name, please (got ${positionals.join(' ')})`}\n\n${USAGE}`);
  }
  if (values.kind === undefined) throw new CreatePluginError(`say what the plugin is: --kind source or --kind sink\n\n${USAGE}`);
  return { name: positionals[0]!, kind: values.kind, dir: values.dir, title: values.title };
}
