import { badRequest } from '../core/errors.ts';
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

/**
 * Matches like API Gateway: exact method and path template; literal segments win over parameters.
 * Path parameters are percent-decoded, as API Gateway passes them; a malformed escape is a 400.
 */
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
      pathParameters[n] = decodePathSegment(m[i + 1] as string, `path.${n}`);
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

/**
 * A path segment percent-decoded (`%E4%B8%AD` → 中). A malformed escape (`%ff`, `%e4%b8`, `%zz`) is the
 * client's mistake, not a server error: 400 problem+json naming the segment (`where`: `path.<name>` for
 * a route's parameter).
 */
export function decodePathSegment(segment: string, where: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest({
      detail: `the path segment "${segment}" is not valid percent-encoding`,
      hint: 'percent-encode the UTF-8 bytes of each character (中 is %E4%B8%AD) and write a literal % as %25',
      errors: [{ where, message: 'malformed percent-encoding', zh: { message: '百分号编码格式不对' } }],
      zh: {
        detail: `路径片段 "${segment}" 不是有效的百分号编码`,
        hint: '请对每个字符的 UTF-8 字节做百分号编码（中 写作 %E4%B8%AD），字面的 % 写作 %25',
      },
    });
  }
}

/** A whole path percent-decoded segment by segment (`%2F` stays inside its segment's text as `/`). */
export function decodePath(path: string): string {
  return path
    .split('/')
    .map((s) => decodePathSegment(s, 'path'))
    .join('/');
}
