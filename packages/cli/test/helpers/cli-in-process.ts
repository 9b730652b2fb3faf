import { main } from '../../src/main.js';
import type { CliOptions, CliResult } from './cli-process.js';

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `datong` inside the test's own process: the same `main` the binary calls, with its output
 * captured, the environment and working folder given for the call. It spares each command a Node
 * start and the schema compilation (several seconds a command on two cores), so tests that make
 * many calls stay fast; tests about processes (crashes, signals, a second process pausing a first)
 * spawn the real binary with `runCli` instead. Calls are made one at a time.
 */
export function runInProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const call = queue.then(() => run(args, options));
  queue = call.catch(() => undefined);
  return call;
}

async function run(args: string[], options: CliOptions): Promise<CliResult> {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(options.env ?? {})) {
    saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const cwd = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(['node', 'datong', ...args]);
  } catch (error) {
    stderr += `unexpected: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
    code = 1;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.chdir(cwd);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  return { code, signal: null, stdout, stderr };
}
