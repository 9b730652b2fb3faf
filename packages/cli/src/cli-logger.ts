import type { Logger, Redactor } from '@datong/sdk';

/**
 * Log lines on stderr (stdout is kept for results and `--json`), secrets redacted. `out` lets the
 * progress bar print a line above itself instead of being torn by it.
 */
export function cliLogger(
  redactor: Redactor,
  options: { verbose?: boolean; quiet?: boolean } = {},
  out: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redactor.value(fields))}` : '';
    out(`${level} ${redactor.text(message)}${extra}`);
  };
  return {
    debug: (m, f) => { if (options.verbose) write('debug', m, f); },
    info: (m, f) => { if (!options.quiet) write('info', m, f); },
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
