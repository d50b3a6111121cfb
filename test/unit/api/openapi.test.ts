import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { QUOTA_HEADERS, RATE_LIMIT_HEADERS } from '../../../functions/core/access/limit-headers.ts';
import { scopeForHandler } from '../../../functions/core/access/route-scope.ts';
import { buildOpenApi, routeKey, undocumentedRoutes } from '../../../functions/http/openapi/build-openapi.ts';
import { ROUTES } from '../../../functions/routes.ts';
import { sampleEntry } from '../../support/catalog-samples.ts';

type Obj = Record<string, unknown>;
const doc = buildOpenApi() as {
  openapi: string;
  paths: Record<string, Record<string, Obj>>;
  components: { schemas: Record<string, Obj>; securitySchemes: Record<string, Obj> };
};

describe('OpenAPI document', () => {
  it('documents every route of the route table (add an operation when you add a route)', () => {
    expect(undocumentedRoutes()).toEqual([]);
    for (const r of ROUTES) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, routeKey(r)).toBeDefined();
      expect(op?.operationId, routeKey(r)).toBeTruthy();
    }
  });

  it('is OpenAPI 3.1 and every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const r of refs) {
      const path = r.slice(8, -1).replace(/^#\//, '').split('/');
      let node: unknown = doc;
      for (const seg of path) node = (node as Obj)?.[seg.replaceAll('~1', '/').replaceAll('~0', '~')];
      expect(node, r).toBeDefined();
    }
  });

  it('gives every operation problem+json error answers', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses as Obj);
        expect(
          codes.some((c) => /^[45]\d\d$/.test(c)),
          `${method} ${path}`,
        ).toBe(true);
        expect(codes, `${method} ${path}`).toContain('500');
        // The access check answers 503 on any route when the key store fails.
        expect(codes, `${method} ${path}`).toContain('503');
      }
    }
    const r = (buildOpenApi() as { components: { responses: Record<string, { content: Obj }> } }).components.responses;
    expect(Object.keys(r.NotFound!.content)).toEqual(['application/problem+json']);
  });

  it('declares the access headers the middleware writes on every answer, and Retry-After on 429 and 503', () => {
    const full = buildOpenApi() as {
      components: { headers: Record<string, Obj>; responses: Record<string, { headers: Record<string, Obj> }> };
    };
    // The names come from the list check-access.ts writes them from, so the two cannot drift apart.
    const limitHeaders = [...Object.values(RATE_LIMIT_HEADERS), ...Object.values(QUOTA_HEADERS)].map((h) => h.header);
    expect(limitHeaders).toEqual([
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-Quota-Limit',
      'X-Quota-Remaining',
      'X-Quota-Reset',
    ]);
    const answers = (op: Obj) =>
      Object.entries(op.responses as Record<string, Obj>).map(([status, a]) => {
        const resolved = '$ref' in a ? full.components.responses[String(a.$ref).split('/').pop()!]! : a;
        return [status, Object.keys((resolved as { headers?: Obj }).headers ?? {})] as const;
      });
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, headers] of answers(op)) {
          expect(headers, `${method} ${path} ${status}`).toEqual(expect.arrayContaining(limitHeaders));
          if (status === '429' || status === '503')
            expect(headers, `${method} ${path} ${status}`).toContain('Retry-After');
        }
      }
    }
    expect(full.components.responses.TooManyRequests!.headers['Retry-After']).toEqual({
      $ref: '#/components/headers/RetryAfter',
    });
  });

  it('lists the answers an API key can draw on public routes: 400 (two keys), 401, and 403 where a scope is needed', () => {
    for (const r of ROUTES.filter((x) => x.auth === 'public')) {
      const codes = Object.keys(doc.paths[r.path]![r.method.toLowerCase()]!.responses as Obj);
      expect(codes, routeKey(r)).toEqual(expect.arrayContaining(['400', '401', '429']));
      if (scopeForHandler(r.handler)) expect(codes, routeKey(r)).toContain('403');
    }
    const codesOf = (path: string, method: string) => Object.keys(doc.paths[path]![method]!.responses as Obj);
    for (const [path, method] of [
      ['/v1/datasets', 'get'],
      ['/v1/datasets/{id}/versions/{version}/{file}', 'get'],
      ['/v1/datasets/{id}/query', 'get'],
      ['/v1/sql', 'post'],
    ] as const) {
      expect(codesOf(path, method), path).toContain('401');
    }
    expect(codesOf('/v1/sql', 'post')).toEqual(expect.arrayContaining(['403', '415', '422']));
    expect(codesOf('/v1/datasets/{id}/query', 'post')).toContain('415');
    // Every route that reads a JSON body answers 415 to a body declared as another type.
    for (const path of [
      '/v1/keys',
      '/v1/releases',
      '/v1/releases/{id}/reject',
      '/v1/datasets/{id}/versions/{version}/withdraw',
      '/v1/feedback/{fid}/moderation',
      '/v1/feedback/{fid}/replies',
      '/v1/webhooks',
    ])
      expect(codesOf(path, 'post'), path).toContain('415');
    expect(codesOf('/v1/requests/{rid}/status', 'put')).toContain('415');
    const sql = doc.paths['/v1/sql']!.post as { responses: Record<string, { headers: Obj }> };
    expect(Object.keys(sql.responses['200']!.headers)).toEqual(
      expect.arrayContaining(['X-Truncated', 'X-Truncated-By']),
    );
    const keys = doc.paths['/v1/keys']!.post as { responses: Record<string, { headers: Obj }> };
    expect(keys.responses['201']!.headers).toHaveProperty('Location');
  });

  it('says how large integers are written and which type names each query API reports', () => {
    const props = (id: string) =>
      (doc.components.schemas[id] as { properties: Record<string, { description?: string; items?: Obj }> }).properties;
    expect(props('SqlAnswer').rows?.description).toMatch(/beyond ±9007199254740991 .* strings of digits/);
    expect(props('QueryAnswer').rows?.description).toMatch(/beyond ±9007199254740991 .* strings of digits/);
    expect(JSON.stringify(props('SqlAnswer').columns)).toContain("DuckDB's type name");
    expect(JSON.stringify(props('QueryAnswer').columns)).toContain('Table Schema type');
    expect(props('SqlAnswer').truncatedBy?.description).toMatch(/`rows`.*`bytes`/);
  });

  it('documents the SoQL parameters and the search parameters', () => {
    const names = (p: string) => ((doc.paths[p]?.get?.parameters ?? []) as Obj[]).map((x) => x.name);
    expect(names('/v1/datasets/{id}/query')).toEqual(
      expect.arrayContaining([
        '$select',
        '$where',
        '$order',
        '$group',
        '$having',
        '$limit',
        '$offset',
        '$q',
        'cursor',
        'version',
        'format',
      ]),
    );
    expect(names('/v1/datasets')).toEqual(
      expect.arrayContaining([
        'q',
        'theme',
        'publisher',
        'license',
        'format',
        'frequency',
        'sort',
        'page',
        'per_page',
        'limit',
        'offset',
      ]),
    );
  });

  it('declares the API key (X-API-Key or bearer) as optional on public routes, IAM on admin routes', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(schemes.bearerApiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const query = doc.paths['/v1/datasets/{id}/query']!.get as { security: Obj[] };
    // `{}` first: anonymous callers are served too (at anonymous limits); generated clients can send a key.
    expect(query.security).toEqual([{}, { apiKey: [] }, { bearerApiKey: [] }]);
    const iamRoutes = ROUTES.filter((r) => r.auth === 'iam');
    expect(iamRoutes.length).toBeGreaterThan(0);
    for (const r of iamRoutes) {
      expect((doc.paths[r.path]![r.method.toLowerCase()] as { security: Obj[] }).security, r.path).toEqual([
        { iam: [] },
      ]);
    }
  });

  it('derives component schemas from the zod schemas (a real entry validates)', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const [id, s] of Object.entries(doc.components.schemas)) ajv.addSchema(s, `#/components/schemas/${id}`);
    const validate = ajv.getSchema('#/components/schemas/DatasetEntry')!;
    expect(validate({ ...sampleEntry('x'), latestVersion: 1 }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...sampleEntry('x'), internalNote: 'no' })).toBe(false);
  });

  it('lints clean with Redocly (redocly.yaml)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc, null, 2));
      const run = promisify(execFile);
      const { stdout, stderr } = await run(
        process.execPath,
        ['node_modules/@redocly/cli/bin/cli.js', 'lint', file, '--config', 'redocly.yaml', '--format', 'stylish'],
        { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeout: 60_000 },
      ).catch((e: { stdout: string; stderr: string }) => {
        throw new Error(`redocly lint failed:\n${e.stdout}\n${e.stderr}`);
      });
      const out = `${stdout}\n${stderr}`;
      expect(out).not.toMatch(/warning|error/i);
      expect(out).toMatch(/valid/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
