import { ConfigError } from '@datong/sdk';
import type { PreparedPipeline, PreparedStage } from './prepare-pipeline.js';

/** The config error for a stage reading a stream its source does not offer, at the stage's `from`. */
export function unknownStreamError(p: PreparedPipeline, stage: PreparedStage, index: number, offered: string[]): ConfigError {
  const ref = stage.from[index]!;
  const pointer = Array.isArray(stage.spec.from) ? `/stages/${stage.index}/from/${index}` : `/stages/${stage.index}/from`;
  return new ConfigError([{
    ...p.loaded.locate(pointer), pointer,
    message: `source "${ref.source}" has no stream "${ref.stream}" (streams: ${offered.join(', ') || 'none'})`,
  }]);
}
