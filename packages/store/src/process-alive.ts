import { hostname } from 'node:os';

/**
 * Whether the process that wrote `pid` on `host` still runs. A process of another host cannot be
 * probed from here and counts as alive: only a lease (pg-boss, later) can tell.
 */
export function processAlive(pid: number, host: string): boolean {
  if (host !== hostname()) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just is not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
