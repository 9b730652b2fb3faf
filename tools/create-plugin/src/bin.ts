#!/usr/bin/env node
import { CreatePluginError } from './create-plugin-error.js';
import { createPlugin } from './create-plugin.js';
import { nextSteps } from './next-steps.js';
import { parseCommandLine, USAGE } from './parse-args.js';

// `pnpm create-plugin` runs at the workspace root; INIT_CWD is where the user typed it, which is
// what a relative --dir means to them.
const cwd = process.env.INIT_CWD ?? process.cwd();
try {
  const options = parseCommandLine(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
  } else {
    console.log(nextSteps(await createPlugin({ ...options, cwd }), cwd));
  }
} catch (error) {
  if (!(error instanceof CreatePluginError)) throw error;
  console.error(`create-plugin: ${error.message}`);
  process.exitCode = 2;
}
