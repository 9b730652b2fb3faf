import type { RouteHandler } from './emulator-request.js';

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: RouteHandler;
}

export type RouteMatch =
  | { found: true; handler: RouteHandler; params: Record<string, string>; pattern: string }
  | { found: false; allowed: string[] };

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  // A param may share its segment with literal text, as in Shopify's `/orders/:id.json`.
  const source = pattern
    .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+?)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}/?$`), names };
}

/** Platform routes in registration order; the first match wins. */
export class RouteTable {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): void {
    if (!pattern.startsWith('/')) throw new Error(`route pattern must start with "/": ${pattern}`);
    if (pattern.startsWith('/_emulator')) throw new Error(`/_emulator/ is reserved for control endpoints: ${pattern}`);
    const { regex, names } = compile(pattern);
    this.routes.push({ method: method.toUpperCase(), pattern, regex, names, handler });
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (m === null) continue;
      if (route.method !== method.toUpperCase()) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        const raw = m[i + 1] ?? '';
        try {
          params[name] = decodeURIComponent(raw);
        } catch {
          params[name] = raw;
        }
      });
      return { found: true, handler: route.handler, params, pattern: route.pattern };
    }
    return { found: false, allowed };
  }
}
