/**
 * Preloaded into every contender with `node --import`, so peak RSS is measured the same way for
 * datong's CLI and the baselines without either knowing: at exit, the process writes its own
 * `resourceUsage().maxRSS` (the kernel's ru_maxrss, the same figure as VmHWM) to BENCH_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.BENCH_RSS_FILE;
// Forked children inherit execArgv (so this preload) and the environment; removing the variable
// keeps a child's smaller figure from overwriting the parent's. Workers share the process's RSS.
delete process.env.BENCH_RSS_FILE;
if (target !== undefined && isMainThread) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
