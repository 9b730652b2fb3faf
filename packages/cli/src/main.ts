import { Command, CommanderError } from 'commander';
import { ConfigError, DatongError, StoreError } from '@datong/sdk';
import { checkCommand } from './commands/check-command.js';
import { deadLettersListCommand } from './commands/dead-letters-command.js';
import { discoverCommand } from './commands/discover-command.js';
import { identitiesCommand, identityDecisionCommand } from './commands/identities-command.js';
import { emulateCommand } from './commands/emulate-command.js';
import { initCommand } from './commands/init-command.js';
import { pluginsCommand } from './commands/plugins-command.js';
import { runCommand } from './commands/run-command.js';
import { statusCommand } from './commands/status-command.js';
import { validateCommand } from './commands/validate-command.js';
import { ExitCode } from './exit-codes.js';

/** Runs the `datong` command line and returns its exit code (see `ExitCode`). */
export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  const set = (p: Promise<number>) => p.then((c) => { code = c; });
  const program = new Command('datong')
    .description('datong (打通): keep e-commerce channels and CRM systems in sync')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  const state = '--state <url|embedded>';
  const stateHelp = 'state store: a Postgres URL, or "embedded" (default: the pipeline\'s state:, DATABASE_URL, else .datong/)';

  program.command('init')
    .description('start a pipeline project: a pipeline file with its $schema, mapping files and a .env template, ready to run against the emulators')
    .argument('[dir]', 'the folder to create (default: the current one, which must be empty)')
    .option('--name <name>', 'the pipeline name (default: the folder name)')
    .action((dir, flags) => set(initCommand(dir, flags)));

  program.command('validate')
    .description('check a pipeline file, its plugins and configs without running it')
    .argument('<pipeline>', 'pipeline file (YAML or JSON)')
    .option('--json', 'machine-readable output')
    .action((file, flags) => set(validateCommand(file, flags)));

  program.command('run')
    .description('run a pipeline: every stage, incrementally, with progress and a summary')
    .argument('<pipeline>', 'pipeline file (YAML or JSON)')
    .option('--full-refresh', 'read everything again from the start (unchanged records are still not rewritten)')
    .option('--stage <name...>', 'run only these stages')
    .option('--json', 'print the run summary as JSON on stdout')
    .option(state, stateHelp)
    .option('-q, --quiet', 'no progress output')
    .option('-v, --verbose', 'debug logs')
    .action((file, flags) => set(runCommand(file, flags)));

  program.command('check')
    .description('connect to every source and sink with the real credentials and run each plugin\'s check; nothing is read or written')
    .argument('<pipeline>', 'pipeline file')
    .option('--json', 'machine-readable output')
    .option(state, stateHelp)
    .option('-v, --verbose', 'debug logs')
    .action((file, flags) => set(checkCommand(file, flags)));

  program.command('discover')
    .description('what a plugin offers: config fields (secrets marked), streams or objects with keys, cursors and fields')
    .argument('<plugin>', 'a package name, or a platform (shopify = @datong/plugin-shopify)')
    .option('--from <dir>', 'folder to resolve the plugin from (default: the current one)')
    .option('--json', 'machine-readable output')
    .action((name, flags) => set(discoverCommand(name, flags)));

  program.command('emulate')
    .description('run a platform\'s emulator on 127.0.0.1 for acceptance testing; prints its URL and the credentials it accepts')
    .argument('<platform>', 'shopify, hubspot, ... or a plugin package name')
    .option('--port <port>', 'port to listen on (default: any free port)')
    .option('--seed <n>', 'seed of the generated data (same seed, same data)')
    .option('--faults <spec>', 'faults to inject, e.g. rateLimitAfter=20,errorRatio=0.1,latencyMs=50')
    .option('--set <settings>', 'the emulator\'s own settings, e.g. restoreRate=1000 (shopify), dailyLimit=500 (hubspot)')
    .option('--from <dir>', 'folder to resolve the plugin from (default: the current one)')
    .option('--env-file <file>', 'also write its URL and credentials into this .env file (SHOPIFY_BASE_URL=..., SHOPIFY_ACCESS_TOKEN=...)')
    .option('--json', 'print the URL and credentials as JSON')
    .action((platform, flags) => set(emulateCommand(platform, flags)));

  program.command('status')
    .description('recent runs and their counts, cursors, dead letters by reason')
    .argument('<pipeline>', 'pipeline file')
    .option('--json', 'machine-readable output')
    .option('--limit <n>', 'how many runs', '10')
    .option(state, stateHelp)
    .action((file, flags) => set(statusCommand(file, flags)));

  const dl = program.command('dead-letters').description('records set aside, with why');
  dl.command('list')
    .argument('<pipeline>', 'pipeline file')
    .option('--stage <name>', 'only this stage')
    .option('--code <code>', 'only this reason code (PARSE_ERROR, CONTRACT_VIOLATION, UNMAPPED_VALUE, ...)')
    .option('--status <status>', 'open, resolved or all', 'open')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'one JSON object per line')
    .option(state, stateHelp)
    .action((file, flags) => set(deadLettersListCommand(file, flags)));

  const ids = program.command('identities')
    .description('persons across channels: counts, merges, and merges waiting for review')
    .argument('<pipeline>', 'pipeline file')
    .option('--json', 'machine-readable output')
    .option(state, stateHelp)
    .action((file, flags) => set(identitiesCommand(file, flags)));
  for (const decision of ['approve', 'reject'] as const) {
    ids.command(decision)
      .description(decision === 'approve' ? 'merge two persons who wait for review (the next run merges their CRM records)' : 'keep two persons apart for good')
      .argument('<pipeline>', 'pipeline file')
      .argument('<survivor>', 'the identity that stays')
      .argument('<absorbed>', 'the identity merged into it')
      .option(state, stateHelp)
      .action((file, survivor, absorbed, flags) => set(identityDecisionCommand(decision, file, survivor, absorbed, flags)));
  }

  program.command('plugins')
    .description('the datong plugins installed where a pipeline in [dir] would find them')
    .argument('[dir]', 'folder to look from (default: the current one)')
    .option('--json', 'machine-readable output')
    .action((dir, flags) => set(pluginsCommand(dir, flags)));

  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.config;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`config error:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return ExitCode.config;
  }
  if (error instanceof StoreError) {
    process.stderr.write(`state store error: ${error.message}\n`);
    return ExitCode.store;
  }
  if (error instanceof DatongError) {
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    return ExitCode.failed;
  }
  process.stderr.write(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.failed;
}

function formatProblem(p: ConfigError['problems'][number]): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  return `${where}${p.pointer ? ` (${p.pointer})` : ''}: ${p.message}`;
}
