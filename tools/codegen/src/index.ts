export { findSchemas, generateAll, writeAll, type GeneratedFile } from './codegen.js';
