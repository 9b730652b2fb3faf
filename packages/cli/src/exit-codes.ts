/** What `datong`'s exit status means. Documented in the README; scripts and schedulers rely on it. */
export const ExitCode = {
  /** Everything asked was done. */
  ok: 0,
  /** A stage failed (the source or sink could not be used); committed batches stay committed. */
  failed: 1,
  /** The pipeline file, a plugin manifest, a plugin config or the command line is wrong; nothing ran. */
  config: 2,
  /** The run finished, but some records went to the dead letters. */
  partial: 3,
  /** The state store could not be opened (unreachable, or the embedded store is in use). */
  store: 4,
  /** The pipeline is paused (`datong resume`), or a run stopped because it was paused, its state committed. */
  paused: 5,
  /** `datong reconcile` found more differences than the pipeline's threshold. */
  drift: 6,
  /** `datong rollback` refused: a later run changed the same records (`--force` overrides). */
  conflict: 7,
  /** Stopped by SIGINT or SIGTERM at a batch boundary, with its state committed. */
  interrupted: 130,
} as const;
