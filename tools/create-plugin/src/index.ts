export { createPlugin, PLUGIN_KINDS, SDK_RANGE, type CreatePluginOptions, type CreatedPlugin, type PluginKind } from './create-plugin.js';
export { CreatePluginError } from './create-plugin-error.js';
export { pluginName, type PluginName } from './plugin-name.js';
export { nextSteps } from './next-steps.js';
