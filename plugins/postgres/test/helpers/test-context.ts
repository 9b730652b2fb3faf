import { createPluginContext, type PluginContext, type SqlClient } from '@datong/sdk';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** A plugin context as the engine would give one, with a logger that keeps what it is told. */
export function testContext(
  options: { embeddedSql?: SqlClient; fault?: (point: string) => void } = {},
): PluginContext & {
  logs: LogEntry[];
} {
  const logs: LogEntry[] = [];
  const log = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
    logs.push({ level, message, ...(fields === undefined ? {} : { fields }) });
  };
  return {
    logs,
    ...createPluginContext({
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      fault: options.fault ?? (() => {}),
      ...(options.embeddedSql === undefined ? {} : { embeddedSql: options.embeddedSql }),
    }),
  };
}
