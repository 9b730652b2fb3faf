import type { Logger, Redactor } from '@datong/sdk';

/** Log lines on stderr (stdout is kept for results and `--json`), secrets redacted. */
export function cliLogger(redactor: Redactor, options: { verbose?: boolean; quiet?: boolean } = {}): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redactor.value(fields))}` : '';
    process.stderr.write(`${level} ${redactor.text(message)}${extra}\n`);
  };
  return {
    debug: (m, f) => { if (options.verbose) write('debug', m, f); },
    info: (m, f) => { if (!options.quiet) write('info', m, f); },
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
