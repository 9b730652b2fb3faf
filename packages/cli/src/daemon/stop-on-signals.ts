/**
 * Calls `stop` on the first of `signals` (SIGTERM from a service manager, SIGINT from Ctrl-C),
 * once, and returns a function that removes the handlers. The handlers stay until then, so a
 * second signal does not cut a graceful stop short (Node would otherwise exit at once); forcing
 * an exit on it is the caller's business, with a listener of its own. A `stop` that rejects is
 * an unhandled rejection: make it settle.
 *
 * @example
 *   scheduler.start();
 *   const uninstall = stopOnSignals((signal) => {
 *     logger.warn(`${signal}: stopping once the running jobs have stopped`);
 *     return scheduler.stop().finally(uninstall);
 *   });
 */
export function stopOnSignals(
  stop: (signal: NodeJS.Signals) => Promise<void>,
  signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): () => void {
  let called = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (called) return;
    called = true;
    void stop(signal);
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
