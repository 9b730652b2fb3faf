import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError, type ConfigLocation } from '@datong/sdk';

/**
 * Parses YAML keeping where everything is written: the value, and `locate`, which gives the file,
 * line and column of any JSON pointer into it (or of its nearest parent). Pipeline files and
 * mapping files are read through it, so every config error names its line.
 *
 * @throws ConfigError listing every YAML syntax error (duplicate keys included) at its line.
 */
export function parseLocatedYaml(text: string, file: string): { value: unknown; locate: (pointer: string) => ConfigLocation } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.message };
    }));
  }
  return { value: doc.toJS(), locate: yamlLocator(file, doc, lineCounter) };
}

/** Maps JSON pointers to positions in the parsed document: a mapping entry at its key, anything else at its value. */
function yamlLocator(file: string, doc: Document, lineCounter: LineCounter): (pointer: string) => ConfigLocation {
  return (pointer) => {
    const keys = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    for (let n = keys.length; n >= 0; n--) {
      const parent = n > 0 ? doc.getIn(keys.slice(0, n - 1), true) : undefined;
      const pair = isMap(parent) ? parent.items.find((i) => isScalar(i.key) && String(i.key.value) === String(keys[n - 1])) : undefined;
      const node = pair && isNode(pair.key) ? pair.key : doc.getIn(keys.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { file, line: pos.line, column: pos.col, pointer };
      }
    }
    return { file, pointer };
  };
}

