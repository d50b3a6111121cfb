import { type HandlerName, ROUTES, type RouteSpec } from '../routes.ts';

interface CompiledRoute {
  readonly spec: RouteSpec;
  readonly regex: RegExp;
  readonly names: string[];
}

const compiled: CompiledRoute[] = ROUTES.map((spec) => {
  const names: string[] = [];
  const pattern = spec.path
    .split('/')
    .map((seg) => {
      const m = /^\{([A-Za-z0-9_]+)(\+)?\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1] as string);
      return m[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { spec, regex: new RegExp(`^${pattern}$`), names };
});

export interface Match {
  readonly handler: HandlerName;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
}

/** Matches like API Gateway: exact method and path template; literal segments win over parameters. */
export function matchRoute(method: string, path: string): Match | 'method-not-allowed' | undefined {
  let pathMatched = false;
  const candidates = compiled
    .map((r) => ({ r, m: r.regex.exec(path) }))
    .filter((x): x is { r: CompiledRoute; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => a.r.names.length - b.r.names.length);
  for (const { r, m } of candidates) {
    pathMatched = true;
    if (r.spec.method !== method && !(method === 'HEAD' && r.spec.method === 'GET')) continue;
    const pathParameters: Record<string, string> = {};
    r.names.forEach((n, i) => {
      pathParameters[n] = decodeURIComponent(m[i + 1] as string);
    });
    return { handler: r.spec.handler, routeKey: `${r.spec.method} ${r.spec.path}`, pathParameters };
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}

/** The methods a path's routes take (HEAD with GET, as API Gateway answers it): a 405's `Allow`. */
export function allowedMethods(path: string): string[] {
  const methods = new Set<string>();
  for (const r of compiled) {
    if (!r.regex.test(path)) continue;
    methods.add(r.spec.method);
    if (r.spec.method === 'GET') methods.add('HEAD');
  }
  return [...methods];
}
