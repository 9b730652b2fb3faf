import { appendFileSync } from 'node:fs';

/**
 * The crash-test hook. When the environment variable `DATONG_FAULT` names this point
 * (`after-sink-write`, or `after-sink-write:3` for its third passage), the process announces
 * `datong-fault: reached <point>` on stderr (and in the file `DATONG_FAULT_FILE`, if set), then
 * freezes so the test can kill it with SIGKILL exactly there. With `DATONG_FAULT_ACTION=exit`
 * it kills itself instead. Does nothing when the variable is unset: one string comparison.
 */
export function fault(point: string): void {
  const wanted = process.env.DATONG_FAULT;
  if (wanted === undefined || wanted === '') return;
  const [name, nth] = wanted.split(':');
  if (name !== point) return;
  const seen = (passages.get(point) ?? 0) + 1;
  passages.set(point, seen);
  if (seen < Number(nth ?? 1)) return;

  const line = `datong-fault: reached ${point} (passage ${seen}, pid ${process.pid})\n`;
  process.stderr.write(line);
  if (process.env.DATONG_FAULT_FILE) appendFileSync(process.env.DATONG_FAULT_FILE, line);
  if (process.env.DATONG_FAULT_ACTION === 'exit') process.kill(process.pid, 'SIGKILL');
  // Freeze the event loop so nothing after this point can run before the test's SIGKILL arrives.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
  process.kill(process.pid, 'SIGKILL');
}

const passages = new Map<string, number>();
