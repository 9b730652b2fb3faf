import { Command, CommanderError } from 'commander';
import { ConfigError, DatongError, StoreError } from '@datong/sdk';
import { checkCommand } from './commands/check-command.js';
import { auditCommand } from './commands/audit-command.js';
import { daemonCommand } from './commands/daemon-command.js';
import { listenCommand } from './commands/listen-command.js';
import { deadLetterShowCommand, deadLettersDiscardCommand, deadLettersListCommand, deadLettersReplayCommand } from './commands/dead-letters-command.js';
import { explainCommand } from './commands/explain-command.js';
import { pauseCommand } from './commands/pause-command.js';
import { reconcileCommand } from './commands/reconcile-command.js';
import { reviewDecisionCommand, reviewListCommand, reviewShowCommand } from './commands/review-command.js';
import { rollbackCommand } from './commands/rollback-command.js';
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
  const actor = '--actor <name>';
  const actorHelp = 'who does this, for the audit trail (default: DATONG_ACTOR, else the OS user)';

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
    .option('--dry-run', 'plan only: per stage, what would be created, updated, left unchanged, held for review, dead-lettered, with per-field diffs; nothing is written and no cursor moves')
    .option('--sample <n>', 'with --dry-run: how many records per stage to show diffs for', '5')
    .option('--limit <n>', 'a real run on a slice: at most n records per stage; cursors do not move')
    .option('--where <jsonata>', 'a real run on a slice: only mapped records this condition holds for (e.g. \'email ~> /@acme\\.com$/\'); cursors do not move')
    .option(actor, actorHelp)
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
    .option('--write-env <file>', 'write its URL and credentials into this .env file, keeping its other lines (SHOPIFY_BASE_URL=..., SHOPIFY_ACCESS_TOKEN=...); not named --env-file, which Node 20 takes for its own wherever it appears')
    .option('--json', 'print the URL and credentials as JSON')
    .action((platform, flags) => set(emulateCommand(platform, flags)));

  program.command('status')
    .description('recent runs and their counts, cursors, dead letters by reason')
    .argument('<pipeline>', 'pipeline file')
    .option('--json', 'machine-readable output')
    .option('--limit <n>', 'how many runs', '10')
    .option(state, stateHelp)
    .action((file, flags) => set(statusCommand(file, flags)));

  for (const action of ['pause', 'resume'] as const) {
    program.command(action)
      .description(action === 'pause'
        ? 'pause a pipeline: a sync running in any process stops at its next batch boundary (state committed), and new runs are refused until resume'
        : 'let a paused pipeline run again')
      .argument('<pipeline>', 'pipeline file')
      .option('--reason <text>', 'why, for the audit trail')
      .option('--wait <seconds>', 'how long to wait for a running sync to stop', '30')
      .option(actor, actorHelp)
      .option(state, stateHelp)
      .action((file, flags) => set(pauseCommand(action, file, flags)));
  }

  program.command('rollback')
    .description('undo one run: records it updated get their before-image back, records it created are deleted (or archived), cursors go back; refused when a later run changed the same records')
    .argument('<pipeline>', 'pipeline file')
    .argument('<run-id>', 'the run to undo (datong status lists them)')
    .option('--force', 'roll back even records a later run changed again')
    .option('--json', 'machine-readable output')
    .option(actor, actorHelp)
    .option(state, stateHelp)
    .option('-v, --verbose', 'debug logs')
    .action((file, runId, flags) => set(rollbackCommand(file, runId, flags)));

  const review = program.command('review').description('records held by the pipeline\'s review rules, waiting for a person');
  review.command('list')
    .argument('<pipeline>', 'pipeline file')
    .option('--stage <name>', 'only this stage')
    .option('--rule <name>', 'only this rule')
    .option('--status <status>', 'pending, approved, rejected, applied, superseded or all', 'pending')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'one JSON object per line')
    .option(state, stateHelp)
    .action((file, flags) => set(reviewListCommand(file, flags)));
  review.command('show')
    .argument('<pipeline>', 'pipeline file')
    .argument('<id>', 'the review')
    .option('--json', 'machine-readable output')
    .option(state, stateHelp)
    .action((file, id, flags) => set(reviewShowCommand(file, id, flags)));
  for (const decision of ['approve', 'reject'] as const) {
    review.command(decision)
      .description(decision === 'approve' ? 'approve held records: written by the next run, or at once with --apply' : 'reject held records: they are not written')
      .argument('<pipeline>', 'pipeline file')
      .argument('[ids...]', 'the reviews (datong review list)')
      .option('--all', 'every pending review (narrow with --stage, --rule)')
      .option('--stage <name>', 'with --all: only this stage')
      .option('--rule <name>', 'with --all: only this rule')
      .option('--reason <text>', 'why, for the audit trail')
      .option(actor, actorHelp)
      .option(state, stateHelp)
      .option('-v, --verbose', 'debug logs')
      .action((file, ids, flags) => set(reviewDecisionCommand(decision, file, ids, flags)));
    if (decision === 'approve') review.commands.at(-1)!.option('--apply', 'write the approved records now');
  }

  program.command('reconcile')
    .description('compare each stage\'s sources with its sink: missing, extra and mismatched records by key, and daily sums; stores the report, alerts and exits 6 past the threshold')
    .argument('<pipeline>', 'pipeline file')
    .option('--since <date>', 'only source records changed from then (by the stream\'s cursor field)')
    .option('--until <date>', 'only source records changed before then')
    .option('--stage <name...>', 'only these stages')
    .option('--repair', 'then write exactly the missing and mismatched records (through the write protocol, so rollback can undo it)')
    .option('--json', 'machine-readable output')
    .option(actor, actorHelp)
    .option(state, stateHelp)
    .option('-v, --verbose', 'debug logs')
    .action((file, flags) => set(reconcileCommand(file, flags)));

  program.command('daemon')
    .description('run pipelines and reconciliations on the cron schedules in their files (schedule: sync, reconcile), one job at a time per pipeline; stops cleanly on SIGTERM')
    .argument('<pipeline...>', 'pipeline files')
    .option(actor, actorHelp)
    .option(state, stateHelp)
    .option('-q, --quiet', 'warnings and errors only')
    .option('-v, --verbose', 'debug logs')
    .action((files, flags) => set(daemonCommand(files, flags)));

  program.command('listen')
    .description('receive Shopify, WooCommerce and Youzan webhooks at POST /hooks/<source> (signatures verified on the raw body), turn them into incremental runs of the stages they touch, and run the file\'s schedule like the daemon')
    .argument('<pipeline>', 'pipeline file')
    .option('--port <n>', 'port to listen on (0: any free port)', '8787')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--debounce <ms>', 'gather pushes this long into one run', '1000')
    .option(actor, actorHelp)
    .option(state, stateHelp)
    .option('-q, --quiet', 'warnings and errors only')
    .option('-v, --verbose', 'debug logs')
    .action((file, flags) => set(listenCommand(file, flags)));

  program.command('explain')
    .description('one record\'s story: versions written and in which run, mapping, identity merges, review decisions, dead letters, each write with its diff, rollbacks')
    .argument('<pipeline>', 'pipeline file')
    .argument('<source-key>', 'the record\'s key in its channel (or its sink key, or an identity id)')
    .option('--json', 'machine-readable output')
    .option(state, stateHelp)
    .action((file, key, flags) => set(explainCommand(file, key, flags)));

  program.command('audit')
    .description('who did what, when: pause, resume, rollback, review decisions, replays, repairs, discards')
    .argument('<pipeline>', 'pipeline file')
    .option('--all', 'runs and reconciliations too')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'one JSON object per line')
    .option(state, stateHelp)
    .action((file, flags) => set(auditCommand(file, flags)));

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
  dl.command('show')
    .argument('<pipeline>', 'pipeline file')
    .argument('<id>', 'the dead letter')
    .option('--json', 'machine-readable output')
    .option(state, stateHelp)
    .action((file, id, flags) => set(deadLetterShowCommand(file, id, flags)));
  for (const action of ['replay', 'discard'] as const) {
    dl.command(action)
      .description(action === 'replay' ? 'run them again through the current mapping (after a fix) and the write protocol' : 'set them aside for good (recorded in the audit trail)')
      .argument('<pipeline>', 'pipeline file')
      .argument('[ids...]', 'the dead letters (datong dead-letters list)')
      .option('--all', 'every open dead letter (narrow with --stage, --code)')
      .option('--stage <name>', 'only this stage')
      .option('--code <code>', 'only this reason code')
      .option('--reason <text>', 'why, for the audit trail')
      .option('--json', 'machine-readable output')
      .option(actor, actorHelp)
      .option(state, stateHelp)
      .option('-v, --verbose', 'debug logs')
      .action((file, ids, flags) => set(action === 'replay' ? deadLettersReplayCommand(file, ids, flags) : deadLettersDiscardCommand(file, ids, flags)));
  }

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
    if (error.code === 'PIPELINE_PAUSED') return ExitCode.paused;
    if (error.code === 'BAD_OPTION') return ExitCode.config;
    return ExitCode.failed;
  }
  process.stderr.write(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.failed;
}

function formatProblem(p: ConfigError['problems'][number]): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  return `${where}${p.pointer ? ` (${p.pointer})` : ''}: ${p.message}`;
}
