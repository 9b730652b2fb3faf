export { loadPipeline, type LoadedPipeline } from './pipeline-loader.js';
export { preparePipeline, type PreparedPipeline, type PreparedStage, type PreparedEndpoint } from './prepare-pipeline.js';
export { runPipeline, newRunId, type RunSummary, type RunStatus, type StageSummary, type RunOptions } from './pipeline-runner.js';
export { contentHash, type StageProgress, type StageTimings } from './stage-runner.js';
export { storeLocation } from './store-location.js';
export { createAjv, describeAjvErrors } from './ajv.js';
export { loadPlugin, type LoadedPlugin } from './plugin-loader.js';
export { inPipeline } from './in-pipeline.js';
export { unknownStreamError } from './unknown-stream-error.js';
