import { definePlugin } from '@datong/sdk';
import { fileSink } from './file-sink.js';
import { fileSource } from './file-source.js';

/** datong's file plugin: CSV, NDJSON and XLSX files as a source and as a sink. */
export default definePlugin({ source: fileSource, sink: fileSink });

export type { FileSourceConfig, FileStreamConfig } from './generated/source-config.js';
export type { FileSinkConfig } from './generated/sink-config.js';
export type { FileStreamState, FileMark, ScanPosition } from './read-state.js';
