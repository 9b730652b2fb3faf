import { ConfigError } from '@datong/sdk';

/**
 * A `ConfigError` raised by this plugin. The plugin never sees the pipeline file, so the location
 * names the plugin's config and a JSON pointer into it; the engine knows which file that was.
 */
export function configError(message: string, pointer?: string): ConfigError {
  return new ConfigError([
    { file: '@datong/plugin-postgres config', message, ...(pointer === undefined ? {} : { pointer }) },
  ]);
}
