import { runDatong } from '../../src/run-in-process.js';
import type { CliOptions, CliResult } from './cli-process.js';

/**
 * Runs `datong` inside the test's own process (`runDatong`: the same `main` the binary calls,
 * output captured, environment and working folder set for the call). Tests about processes
 * (crashes, signals, a second process pausing a first) spawn the real binary with `runCli` instead.
 */
export async function runInProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const r = await runDatong(args, { cwd: options.cwd, env: options.env });
  return { ...r, signal: null };
}
