import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';

/** The query route over HTTP: paging links (GET and POST), the answer cache, repeated parameters, errors. */

let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: ['seattle-weather', 'la-riots-deaths'] });
});
afterAll(async () => {
  await p?.cleanup();
});

interface Answer {
  rows: unknown[][];
  columns: { name: string }[];
  truncated: boolean;
  next: string | null;
}

const QUERY = '/v1/datasets/seattle-weather/query';
const get = async (pathOrUrl: string, headers: Record<string, string> = {}) => {
  const r = await fetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${p.url}${pathOrUrl}`, { headers });
  return { r, text: await r.text() };
};
const getJson = async (pathOrUrl: string) => {
  const { r, text } = await get(pathOrUrl);
  expect(r.status, text).toBe(200);
  return JSON.parse(text) as Answer;
};
const post = async (url: string, body: unknown) => {
  const r = await fetch(url.startsWith('http') ? url : `${p.url}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  expect(r.status, text).toBe(200);
  return JSON.parse(text) as Answer;
};
const problem = async (path: string) => {
  const { r, text } = await get(path);
  expect(r.headers.get('content-type'), text).toContain('application/problem+json');
  return { status: r.status, body: JSON.parse(text) as { detail: string; hint?: string } };
};
const weatherOf = (a: Answer) => {
  const i = a.columns.findIndex((c) => c.name === 'weather');
  return a.rows.map((r) => r[i]);
};

describe('next links', () => {
  it('of a POST carry the body: GET and POST of `next` both give the next page of the same query', async () => {
    const body = { $where: "weather = 'snow'", $limit: 5 };
    const all = await getJson(`${QUERY}?$where=${encodeURIComponent("weather = 'snow'")}&$limit=50`);
    expect(all.rows.length).toBeGreaterThan(10);

    const first = await post(QUERY, body);
    expect(first.rows).toEqual(all.rows.slice(0, 5));
    expect(first.next).toBeTruthy();
    const byGet = await getJson(first.next!);
    expect(byGet.rows).toEqual(all.rows.slice(5, 10));
    // The same body POSTed to the link resumes at the link's cursor (it used to start over: a loop).
    const byPost = await post(first.next!, body);
    expect(byPost.rows).toEqual(all.rows.slice(5, 10));
    expect(byPost.next).toBeTruthy();
    expect((await post(byPost.next!, body)).rows).toEqual(all.rows.slice(10, 15));
  });

  it('of a POST too long for a URL link the position only; a GET of it is refused, not answered unfiltered', async () => {
    const pad = 'x'.repeat(3_000);
    const body = {
      $where: `weather = 'snow' AND weather != '${pad}'`,
      $select: `date, weather, '${pad}' AS pad`,
      $limit: 5,
    };
    const first = await post(QUERY, body);
    expect(first.next).toBeTruthy();
    expect(first.next!.length).toBeLessThan(1_000);
    const second = await post(first.next!, body);
    expect(weatherOf(second)).toEqual(Array(5).fill('snow'));
    expect(second.rows).not.toEqual(first.rows);
    const got = await problem(first.next!.replace(p.url, ''));
    expect(got.status).toBe(400);
    expect(got.body.detail).toMatch(/^cursor: belongs to another query/);
  });

  it('after $offset resume at the cursor', async () => {
    const all = await getJson(`${QUERY}?$limit=20`);
    const page = await getJson(`${QUERY}?$limit=5&$offset=10`);
    expect(page.rows).toEqual(all.rows.slice(10, 15));
    expect(page.next).not.toContain('offset');
    expect((await getJson(page.next!)).rows).toEqual(all.rows.slice(15, 20));
  });

  it('are built per request: a cached answer does not link another request’s format', async () => {
    const q = `${QUERY}?version=1&$limit=3&$where=${encodeURIComponent('wind > 4.5')}`;
    const nd = await get(`${q}&format=ndjson`);
    expect(nd.r.headers.get('link')).toContain('format=ndjson');
    const json = JSON.parse((await get(q)).text) as Answer;
    expect(json.next).not.toContain('format');
    const csv = await get(`${q}&format=csv`);
    expect(csv.r.headers.get('link')).toContain('format=csv');
    expect(csv.r.headers.get('link')).not.toContain('ndjson');
    const posted = await post(`${QUERY}?version=1`, { $limit: 3, $where: 'wind > 4.5' });
    expect(posted.next).not.toContain('format');
    expect(new URL(posted.next!).searchParams.get('$where')).toBe('wind > 4.5');
  });
});

describe('repeated parameters', () => {
  it('are refused with a 400 naming them', async () => {
    for (const [qs, name] of [
      ['weather=snow&weather=fog', 'weather'],
      [`$where=${encodeURIComponent('wind > 1')}&$where=${encodeURIComponent('wind < 3')}`, '$where'],
      ['$limit=5&$limit=2', '$limit'],
      ['%24limit=5&$limit=2', '$limit'],
    ] as const) {
      const got = await problem(`${QUERY}?${qs}`);
      expect(got.status, qs).toBe(400);
      expect(got.body.detail, qs).toBe(`query parameter given more than once: ${name}`);
    }
    const other = await problem('/v1/datasets/seattle-weather/versions?x=1&x=2');
    expect(other.status).toBe(400);
  });

  it('stay lists where a route takes lists', async () => {
    const { r } = await get('/v1/datasets?theme=environment&theme=regions');
    expect(r.status).toBe(200);
  });
});

describe('errors', () => {
  it('numbers in exponent form beyond BIGINT are doubles, not a 500', async () => {
    expect((await getJson(`${QUERY}?$where=${encodeURIComponent('wind > 1e19')}`)).rows).toEqual([]);
    expect((await getJson(`${QUERY}?$where=${encodeURIComponent('wind < -1e19')}`)).rows).toEqual([]);
    const ordered = await getJson(`${QUERY}?$limit=2&$order=${encodeURIComponent('wind * 1e300 * 1e10')}`);
    expect(ordered.rows).toHaveLength(2);
    const filtered = await getJson(`${QUERY}?wind=1e19`);
    expect(filtered.rows).toEqual([]);
  });

  it('arithmetic overflow is a 400 problem with a hint', async () => {
    const select = encodeURIComponent('count(*) * 9007199254740991 * 9007199254740991 AS x');
    const got = await problem(`${QUERY}?$select=${select}`);
    expect(got.status).toBe(400);
    expect(got.body.detail).toMatch(/out of range.*overflow/i);
    expect(got.body.hint).toMatch(/1\.0/);
  });
});

describe('HEAD', () => {
  it('of a version-pinned query is cached as its GET', async () => {
    const url = `${p.url}${QUERY}?version=1&$limit=2`;
    const g = await fetch(url);
    const h = await fetch(url, { method: 'HEAD' });
    expect(h.status).toBe(200);
    expect(g.headers.get('cache-control')).toMatch(/immutable/);
    expect(h.headers.get('cache-control')).toBe(g.headers.get('cache-control'));
  });
});

describe('$q', () => {
  it('searches yearmonth columns as text', async () => {
    const q = await getJson('/v1/datasets/la-riots-deaths/query?$q=1992-05&$limit=100');
    const where = await getJson(
      `/v1/datasets/la-riots-deaths/query?$limit=100&$where=${encodeURIComponent("death_date = '1992-05'")}`,
    );
    expect(where.rows.length).toBeGreaterThan(0);
    expect(q.rows.length).toBeGreaterThanOrEqual(where.rows.length);
  });
});
