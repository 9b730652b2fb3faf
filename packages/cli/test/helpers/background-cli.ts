import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';
import { BIN, type CliResult } from './cli-process.js';

/**
 * The longest any wait here lasts before it fails the test: far beyond what the awaited thing
 * needs, so a broken command fails instead of hanging. Nothing asserts how long something took.
 */
export const BOUND_MS = 90_000;

/** A `datong` command left running (the daemon), with what it printed so far, readable at any time. */
export interface BackgroundCli {
  readonly pid: number;
  /** Everything it wrote to stderr so far (its log). */
  log(): string;
  /** Sends a signal, as a service manager does. */
  signal(signal: NodeJS.Signals): void;
  /** Settles when it has exited. */
  exited: Promise<CliResult>;
}

/** Starts `datong` in the background; killed (SIGKILL) at the test's end if it is still running. */
export function startBackground(t: Test, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): BackgroundCli {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, FORCE_COLOR: '0' };
  delete env.DATONG_FAULT;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let running = true;
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      running = false;
      resolve({ code, signal, stdout, stderr });
    });
  });
  t.teardown(() => {
    if (running) child.kill('SIGKILL');
  });
  return { pid: child.pid!, log: () => stderr, signal: (s) => child.kill(s), exited };
}

/** Waits until `condition` holds, checking every 100 ms; fails with `what` after BOUND_MS. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(100);
  }
}

/** What the command left when it exited, or undefined if it is still running after BOUND_MS. */
export async function exitOf(cli: BackgroundCli): Promise<CliResult | undefined> {
  // An unref'd timer: a command that exits at once does not keep the test waiting for it.
  return Promise.race([cli.exited, sleep(BOUND_MS, undefined, { ref: false })]);
}

/** How many times `pattern` occurs in `text`. */
export function occurrences(text: string, pattern: RegExp): number {
  return (text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)) ?? []).length;
}
