import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** The env var naming the OpenAPI document rendered at /api/. */
export const OPENAPI_ENV = 'OPENDATA_OPENAPI';

export interface ApiOperation {
  method: string;
  path: string;
  /** The document's operationId ('' when it has none). */
  operationId: string;
  /** The operation's first tag ('' when untagged): the page groups operations by it. */
  tag: string;
  /** Only callers signed with AWS IAM (the admin operations): every security requirement names `iam`. */
  iamOnly: boolean;
  summary: string;
  description: string;
  parameters: { name: string; in: string; required: boolean; description: string; type: string }[];
  responses: { status: string; description: string }[];
}

export interface ApiDoc {
  title: string;
  version: string;
  description: string;
  /** The document's tags, in its order, then any tag only operations name. */
  tags: { name: string; description: string }[];
  operations: ApiOperation[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Resolves a local `#/components/...` reference; anything else is returned as is. */
function deref(doc: Obj, v: unknown): Obj {
  const ref = str(obj(v).$ref);
  if (!ref.startsWith('#/')) return obj(v);
  return obj(
    ref
      .slice(2)
      .split('/')
      .reduce<unknown>((o, k) => obj(o)[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc),
  );
}

/** Reads the OpenAPI document (JSON or YAML) named by OPENDATA_OPENAPI; null when absent or unreadable. */
export function loadOpenApi(path = process.env[OPENAPI_ENV]): ApiDoc | null {
  if (!path || !existsSync(path)) return null;
  let doc: Obj;
  try {
    const text = readFileSync(path, 'utf8');
    doc = obj(path.endsWith('.json') ? JSON.parse(text) : parseYaml(text));
  } catch {
    return null;
  }
  const info = obj(doc.info);
  const operations: ApiOperation[] = [];
  for (const [p, item] of Object.entries(obj(doc.paths))) {
    const shared = (obj(item).parameters as unknown[] | undefined) ?? [];
    for (const method of ['get', 'post', 'put', 'patch', 'delete', 'head']) {
      const op = obj(obj(item)[method]);
      if (!Object.keys(op).length) continue;
      const params = [...shared, ...((op.parameters as unknown[] | undefined) ?? [])].map((x) => deref(doc, x));
      const security = Array.isArray(op.security) ? (op.security as unknown[]) : [];
      operations.push({
        method: method.toUpperCase(),
        path: p,
        operationId: str(op.operationId),
        tag: Array.isArray(op.tags) ? str(op.tags[0]) : '',
        iamOnly: security.length > 0 && security.every((r) => 'iam' in obj(r)),
        summary: str(op.summary),
        description: str(op.description),
        parameters: params.map((x) => ({
          name: str(x.name),
          in: str(x.in),
          required: x.required === true,
          description: str(x.description),
          type: str(deref(doc, x.schema).type) || str(deref(doc, x.schema).format),
        })),
        responses: Object.entries(obj(op.responses)).map(([status, r]) => ({
          status,
          description: str(deref(doc, r).description),
        })),
      });
    }
  }
  const tags = ((doc.tags as unknown[] | undefined) ?? []).map((t) => ({
    name: str(obj(t).name),
    description: str(obj(t).description),
  }));
  for (const op of operations) {
    if (op.tag && !tags.some((t) => t.name === op.tag)) tags.push({ name: op.tag, description: '' });
  }
  return {
    title: str(info.title),
    version: str(info.version),
    description: str(info.description),
    tags,
    operations,
  };
}
