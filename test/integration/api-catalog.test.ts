import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';
import { rawHttp } from '../support/raw-http.ts';

/** Catalogue API over HTTP: search, facets, versions, caching, ETags, and answers that match /v1/openapi.json. */

let p: Awaited<ReturnType<typeof startTestPlatform>>;
let ajv: Ajv2020;
beforeAll(async () => {
  p = await startTestPlatform({ only: ['seattle-weather', 'cn-provinces', 'cn-prefectures'] });
  const doc = (await (await fetch(`${p.url}/v1/openapi.json`)).json()) as {
    components: { schemas: Record<string, object> };
  };
  ajv = new Ajv2020({ strict: false });
  for (const [id, s] of Object.entries(doc.components.schemas)) ajv.addSchema(s, `#/components/schemas/${id}`);
});
afterAll(async () => {
  await p?.cleanup();
});

const IMMUTABLE = 'public, max-age=31536000, immutable';
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${p.url}${path}`, { headers });
const expectSchema = (schema: string, body: unknown) => {
  const v = ajv.getSchema(`#/components/schemas/${schema}`)!;
  expect(v(body), JSON.stringify(v.errors?.slice(0, 3))).toBe(true);
};
interface Search {
  total: number;
  sort: string;
  datasets: Array<{ id: string; updatedAt: string }>;
  facets: Record<string, Array<{ value: string; count: number; selected: boolean }>>;
  links: { self: string; next: string | null; prev: string | null };
}
const search = async (qs: string) => {
  const r = await get(`/v1/datasets${qs}`);
  const body = (await r.json()) as Search;
  return { r, body, ids: body.datasets?.map((d) => d.id) };
};

describe('GET /v1/datasets', () => {
  it('searches in Chinese and English, and the answer matches the OpenAPI schema', async () => {
    const zh = await search(`?q=${encodeURIComponent('西雅图天气')}`);
    expect(zh.r.status).toBe(200);
    expect(zh.ids).toEqual(['seattle-weather']);
    expectSchema('DatasetSearchResponse', zh.body);
    expect((await search(`?q=${encodeURIComponent('区划代码')}`)).ids?.[0]).toMatch(/^cn-/);
    expect((await search('?q=precipitation')).ids).toEqual(['seattle-weather']);
    expect((await search('?q=temp_max')).ids).toEqual(['seattle-weather']);
  });

  it('filters, counts facets with the other filters applied, and paginates', async () => {
    const all = await search('');
    expect(all.body.total).toBe(3);
    const env = await search('?theme=environment');
    expect(env.ids).toEqual(['seattle-weather']);
    // The theme facet ignores the theme filter itself: every theme still shows its count.
    expect(env.body.facets.theme!.find((f) => f.value === 'regions')?.count).toBeGreaterThanOrEqual(2);
    expect(env.body.facets.theme!.find((f) => f.value === 'environment')).toMatchObject({ count: 1, selected: true });
    // The publisher facet applies the theme filter.
    expect(env.body.facets.publisher!.map((f) => f.value)).toEqual(['demo-meteorology']);
    const repeated = await search('?theme=environment&theme=regions');
    expect(repeated.body.total).toBe(3);
    const page = await search('?per_page=2&page=1&sort=title&lang=en');
    expect(page.ids).toHaveLength(2);
    expect(page.body.links.next).toContain('offset=2');
    const next = await search(`?${new URL(page.body.links.next!).searchParams.toString()}`);
    expect(next.ids).toHaveLength(1);
    expect([...page.ids!, ...next.ids!].sort()).toEqual(all.ids!.sort());
  });

  it('never links prev past the end: beyond the last result it points to the last page', async () => {
    const offsetOf = (link: string | null) => (link === null ? null : new URL(link).searchParams.get('offset'));
    // [query, expected prev offset]: 3 datasets, 2 per page, so the pages start at 0 and 2.
    for (const [qs, prev] of [
      ['?limit=2&offset=0', null],
      ['?limit=2&offset=1', '0'],
      ['?limit=2&offset=2', '0'],
      ['?limit=2&offset=3', '2'],
      ['?limit=2&offset=8', '2'],
      ['?per_page=2&page=50', '2'],
      ['?limit=2&offset=9999&sort=title', '2'],
      // Nothing matches: the first page is the only one.
      ['?limit=2&offset=6&publisher=nobody', '0'],
    ] as const) {
      const { r, body } = await search(qs);
      expect(r.status, qs).toBe(200);
      expect(offsetOf(body.links.prev), qs).toBe(prev);
      if (body.links.prev === null) continue;
      const back = await search(`?${new URL(body.links.prev).searchParams.toString()}`);
      expect(Number(offsetOf(body.links.prev)), qs).toBeLessThan(Math.max(1, back.body.total));
      if (back.body.total > 0) expect(back.ids!.length, qs).toBeGreaterThan(0);
    }
    expect((await search('?limit=2&offset=8')).body.links.next).toBeNull();
  });

  it('orders sort=relevance without q as sort=updated: newest first, then id, and says so', async () => {
    const relevance = await search('?sort=relevance&limit=100');
    expect(relevance.body.sort).toBe('relevance');
    const updated = await search('?sort=updated&limit=100');
    expect(relevance.ids).toEqual(updated.ids);
    const expected = [...relevance.body.datasets]
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id))
      .map((d) => d.id);
    expect(relevance.ids).toEqual(expected);
    expect(relevance.ids).toHaveLength(3);
    // The same order page by page.
    const pages = [await search('?sort=relevance&limit=2'), await search('?sort=relevance&limit=2&offset=2')];
    expect(pages.flatMap((pg) => pg.ids)).toEqual(relevance.ids);
    // Blank q is no q.
    expect((await search('?sort=relevance&q=%20&limit=100')).ids).toEqual(relevance.ids);
  });

  it('answers bad parameters with 400 problem+json naming them', async () => {
    for (const qs of ['?per_page=500', '?sort=random', '?publsher=x', '?page=1&offset=3']) {
      const r = await get(`/v1/datasets${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expectSchema('Problem', await r.json());
    }
    const typo = (await (await get('/v1/datasets?publsher=x')).json()) as { errors: Array<{ where: string }> };
    expect(typo.errors[0]!.where).toBe('query.publsher');
  });

  it('answers a URL with raw Chinese characters (curl does not encode them) with a problem saying how to fix it', async () => {
    const { head, body } = await rawHttp(p.url, 'GET /v1/datasets?q=机场 HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1.1 400 /);
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    const problem = JSON.parse(body);
    expectSchema('Problem', problem);
    expect(problem.detail).toMatch(/not valid HTTP/);
    expect(problem.hint).toMatch(/percent-encode/);
  });
});

describe('datasets and versions', () => {
  it('puts an ETag on every catalogue answer and honours If-None-Match', async () => {
    for (const path of [
      '/v1/datasets',
      '/v1/datasets/seattle-weather',
      '/v1/datasets/seattle-weather/versions',
      '/v1/datasets/seattle-weather/versions/1',
      '/v1/datasets/seattle-weather/versions/latest',
      '/v1/openapi.json',
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      const etag = r.headers.get('etag');
      expect(etag, path).toMatch(/^"[^"]+"$/);
      const again = await get(path, { 'if-none-match': etag! });
      expect(again.status, path).toBe(304);
    }
  });

  it('caches pinned versions forever and latest briefly; shapes match the OpenAPI schemas', async () => {
    const pinned = await get('/v1/datasets/seattle-weather/versions/1');
    expect(pinned.headers.get('cache-control')).toBe(IMMUTABLE);
    expectSchema('VersionRecord', await pinned.json());
    const latest = await get('/v1/datasets/seattle-weather/versions/latest');
    expect(latest.headers.get('cache-control')).toMatch(/max-age=60\b/);
    const list = await get('/v1/datasets/seattle-weather/versions');
    expect(list.headers.get('cache-control')).not.toContain('immutable');
    expectSchema('VersionList', await list.json());
    expectSchema('DatasetEntry', await (await get('/v1/datasets/seattle-weather')).json());
  });

  it('names the parameter at fault: a bad diff `from` is the query parameter, a bad version the path', async () => {
    for (const [path, where] of [
      ['/v1/datasets/seattle-weather/versions/1/diff?from=x', 'query.from'],
      ['/v1/datasets/seattle-weather/versions/x', 'path.version'],
    ] as const) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      const body = (await r.json()) as { errors: { where: string }[] };
      expect(body.errors[0]?.where, path).toBe(where);
    }
  });

  it('answers unknown ones with 404 problem+json', async () => {
    for (const path of [
      '/v1/datasets/nope',
      '/v1/datasets/nope/versions',
      '/v1/datasets/seattle-weather/versions/42',
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('names the published dataset an unknown id most likely meant, in both languages', async () => {
    for (const id of ['seattle_weather', 'Seattle-Weather', 'seattle-wether']) {
      for (const path of [
        `/v1/datasets/${id}`,
        `/v1/datasets/${id}/versions/latest/data.csv`,
        `/v1/datasets/${id}/query`,
      ]) {
        const r = await get(path);
        expect(r.status, path).toBe(404);
        const body = (await r.json()) as { hint: string; zh: { hint: string } };
        expect(body.hint, path).toMatch(/^did you mean "seattle-weather"\? List datasets with GET \/v1\/datasets/);
        expect(body.zh.hint, path).toMatch(/^是不是要找“seattle-weather”？用 GET \/v1\/datasets 列出数据集/);
      }
    }
    // Nothing near: the plain hint.
    const far = (await (await get('/v1/datasets/zzzzzzzz')).json()) as { hint: string };
    expect(far.hint).toBe('list datasets with GET /v1/datasets; ids are lower-case slugs');
  });
});

describe('GET /v1/openapi.json', () => {
  it('serves OpenAPI 3.1 with every public route', async () => {
    const doc = (await (await get('/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, object> };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/datasets', '/v1/sql', '/v1/datasets/{id}/query']),
    );
  });

  it('describes the SQL answer it gives', async () => {
    const r = await fetch(`${p.url}/v1/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT code, name FROM "cn-provinces" ORDER BY code LIMIT 2' }),
    });
    expect(r.status).toBe(200);
    expectSchema('SqlAnswer', await r.json());
  });
});
