#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { relative, resolve } from 'node:path';
import { generateAll, writeAll } from './codegen.js';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const changed = await writeAll(await generateAll(root));
for (const file of changed) console.log(`wrote ${relative(root, file)}`);
console.log(changed.length === 0 ? 'generated types are up to date' : `${changed.length} file(s) regenerated`);
