import { main } from './main.js';

/** What one `datong` command printed and the exit code it gave. */
export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs one `datong` command inside the calling process — the same `main` the binary calls — with
 * its output captured and the environment and working folder set for the call, then put back.
 * It spares each command a Node start and the schema compilation, so tests and scripts that make
 * many calls stay fast. Calls are made one at a time: they share the process's stdout, cwd and env.
 *
 * @example
 *   const r = await runDatong(['run', 'pipeline.yaml', '--json'], { cwd: project, env: { DATABASE_URL: '' } });
 *   const summary = JSON.parse(r.stdout);
 */
export function runDatong(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<InProcessResult> {
  const call = queue.then(() => run(args, options));
  queue = call.catch(() => undefined);
  return call;
}

async function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<InProcessResult> {
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
  return { code, stdout, stderr };
}
