import { createRequire } from 'node:module';

export type { Pipeline, Stage, Endpoint, SecretRef } from './generated/pipeline.js';
export type { PluginManifest, PluginPart, PluginEntity } from './generated/plugin-manifest.js';
export type { Order } from './generated/order.js';
export type { OrderLine } from './generated/order-line.js';
export type { Customer } from './generated/customer.js';

const require = createRequire(import.meta.url);
type Schema = Record<string, unknown>;

export const pipelineSchema = require('../pipeline.schema.json') as Schema;
export const pluginManifestSchema = require('../plugin-manifest.schema.json') as Schema;

/** The canonical commerce models, by the name a stage's `model:` uses. */
export const commerceModels: Readonly<Record<string, Schema>> = {
  customer: require('../commerce/customer.schema.json') as Schema,
  order: require('../commerce/order.schema.json') as Schema,
  'order-line': require('../commerce/order-line.schema.json') as Schema,
};
