import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';
import { expectChineseQueryProblem, QUERY_REFUSALS } from '../support/query-problem-zh.ts';

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
const postRaw = async (url: string, body: unknown) => {
  const r = await fetch(url.startsWith('http') ? url : `${p.url}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { r, text: await r.text() };
};
const post = async (url: string, body: unknown) => {
  const { r, text } = await postRaw(url, body);
  expect(r.status, text).toBe(200);
  return JSON.parse(text) as Answer;
};
interface Problem {
  detail: string;
  hint?: string;
  errors?: { where: string; message: string; zh?: { message: string } }[];
  zh?: { detail: string; hint?: string };
}
/** A refusal, which says it in Chinese too whenever it is the query's (400, 408, 422). */
const problemOf = ({ r, text }: { r: Response; text: string }) => {
  expect(r.headers.get('content-type'), text).toContain('application/problem+json');
  const body = JSON.parse(text) as Problem;
  if (QUERY_REFUSALS.includes(r.status)) expectChineseQueryProblem(body);
  return { status: r.status, body };
};
const problem = async (path: string) => problemOf(await get(path));
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

describe('a POST', () => {
  it('takes a query too long for a URL: an IN list of 1,461 dates, where a GET is refused with a hint', async () => {
    const all = await getJson(`${QUERY}?$select=date&$limit=5000`);
    const dates = all.rows.map((r) => r[0] as string);
    expect(dates).toHaveLength(1461);
    const wanted = dates.filter((_, i) => i % 3 === 0);
    const where = `date IN (${wanted.map((d) => `'${d}'`).join(', ')})`;
    expect(where.length).toBeGreaterThan(4_000);
    const answer = await post(QUERY, { $select: 'date', $where: where, $limit: 5000 });
    expect(answer.rows.map((r) => r[0])).toEqual(wanted);
    const refused = await problem(`${QUERY}?$where=${encodeURIComponent(where)}`);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe('$where: is longer than 4000 characters');
    expect(refused.body.hint).toContain('JSON body of a POST');
  });

  it('honours `version` and `format` in its body, as in its URL', async () => {
    expect((await post(QUERY, { version: 1, $limit: 1 })).rows).toHaveLength(1);
    // Version 99 does not exist: a 404, not an answer from the latest version.
    expect((await postRaw(QUERY, { version: 99, $limit: 1 })).r.status).toBe(404);
    const zero = problemOf(await postRaw(QUERY, { version: 0 }));
    expect(zero.status).toBe(400);
    expect(zero.body.errors?.[0]?.where).toBe('body.version');
    const csv = await postRaw(QUERY, { format: 'csv', $limit: 2, $where: 'wind > 4.5' });
    expect(csv.r.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.trim().split('\r\n')).toHaveLength(3);
    expect(csv.r.headers.get('link')).toContain('format=csv');
    const bad = problemOf(await postRaw(QUERY, { format: 'xml' }));
    expect([bad.status, bad.body.errors?.[0]?.where]).toEqual([400, 'body.format']);
  });

  it('merges its URL filters and $ parameters with its body', async () => {
    const sunny = await post(`${QUERY}?weather=sun`, { $limit: 50 });
    expect(weatherOf(sunny)).toEqual(Array(50).fill('sun'));
    expect((await post(`${QUERY}?$limit=2`, {})).rows).toHaveLength(2);
    const both = await post(`${QUERY}?weather=snow&version=1&format=json`, { $limit: 3, version: 1, format: 'json' });
    expect(weatherOf(both)).toEqual(['snow', 'snow', 'snow']);
    expect(new URL(both.next!).searchParams.get('weather')).toBe('snow');
  });

  it('refuses a parameter given in its URL and its body with different values, naming it', async () => {
    for (const [qs, body, name] of [
      ['weather=sun', { weather: 'rain' }, 'weather'],
      ['version=1', { version: 2 }, 'version'],
      ['format=csv', { format: 'json' }, 'format'],
      ['$limit=2', { $limit: 3 }, '$limit'],
    ] as const) {
      const got = problemOf(await postRaw(`${QUERY}?${qs}`, body));
      expect(got.status, qs).toBe(400);
      expect(got.body.errors?.[0]?.where, qs).toBe(name);
    }
  });

  it('refuses null as a filter value with the IS NULL hint (it used to drop the filter)', async () => {
    const got = problemOf(await postRaw(QUERY, { precipitation: null }));
    expect(got.status).toBe(400);
    expect(got.body.errors?.[0]?.where).toBe('precipitation');
    expect(got.body.hint).toContain('$where=precipitation IS NULL');
  });

  it('with the `limit` alias resumes at its `next` link (which says $limit)', async () => {
    const body = { $where: "weather = 'fog'", limit: 2 };
    const all = await getJson(`${QUERY}?$where=${encodeURIComponent("weather = 'fog'")}&$limit=4`);
    const first = await post(QUERY, body);
    expect(new URL(first.next!).searchParams.get('$limit')).toBe('2');
    expect((await post(first.next!, body)).rows).toEqual(all.rows.slice(2, 4));
  });
});

describe('content negotiation', () => {
  it('reads the q-values of Accept: q=0 is not acceptable, the highest q wins', async () => {
    for (const [accept, type] of [
      ['text/csv;q=0.5, application/json;q=0.9', 'application/json'],
      ['text/csv;q=0', 'application/json'],
      ['application/json;q=0.5, text/*', 'text/csv'],
      ['application/x-ndjson', 'application/x-ndjson'],
    ] as const) {
      const { r } = await get(`${QUERY}?$limit=1`, { accept });
      expect(r.headers.get('content-type'), accept).toContain(type);
    }
    const { r } = await get(`${QUERY}?$limit=1&format=ndjson`, { accept: 'text/csv' });
    expect(r.headers.get('content-type')).toContain('application/x-ndjson');
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

  it('a bad version names the query parameter, not the path', async () => {
    const got = await problem(`${QUERY}?version=0`);
    expect(got.status).toBe(400);
    expect(got.body.errors?.[0]?.where).toBe('query.version');
  });

  it('non-finite numbers are null in JSON, NDJSON and CSV (JSON holds no NaN or Infinity)', async () => {
    const q = `${QUERY}?$limit=2&$order=date&$select=${encodeURIComponent('date, wind / 0 AS h, (wind - wind) / 0 AS n')}`;
    const json = await getJson(q);
    expect(json.rows.map((r) => r.slice(1))).toEqual([
      [null, null],
      [null, null],
    ]);
    const nd = await get(`${q}&format=ndjson`);
    expect(nd.text).not.toMatch(/Infinity|NaN/);
    expect(JSON.parse(nd.text.split('\n')[0]!)).toMatchObject({ h: null, n: null });
    const csv = await get(`${q}&format=csv`);
    expect(csv.text).not.toMatch(/Infinity|NaN/);
    expect(csv.text.split('\r\n')[1]).toMatch(/,,$/);
  });

  it('binds number literals with their type: digits are BIGINT, a point or an exponent makes a DOUBLE', async () => {
    const select = encodeURIComponent(
      '2147483647 + 1 AS a, 2147483647.0 + 1.0 AS b, 1 AS one, 1.0 AS d, 3 / 2 AS h, 9007199254740991 + 9007199254740991 AS w',
    );
    const a = await getJson(`${QUERY}?$select=${select}&$limit=1`);
    expect(a.rows).toEqual([[2147483648, 2147483648, 1, 1, 1.5, '18014398509481982']]);
    // The hint's advice works: `* 1.0` first computes in floating point, beyond BIGINT.
    const float = encodeURIComponent('count(*) * 1.0 * 9007199254740991 * 9007199254740991 AS x');
    const x = await getJson(`${QUERY}?$select=${float}`);
    expect(x.rows[0]![0]).toBeGreaterThan(1e34);
  });

  it('a forged cursor with a value beyond the key type is a 400, not a 500', async () => {
    const first = await getJson(`${QUERY}?$order=:id&$limit=2`);
    const cursor = new URL(first.next!).searchParams.get('cursor')!;
    const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k: string[] };
    for (const value of ['9'.repeat(40), '170141183460469231731687303715884105728']) {
      const forged = Buffer.from(JSON.stringify({ ...payload, k: [value, ...payload.k.slice(1)] }), 'utf8').toString(
        'base64url',
      );
      const got = await problem(`${QUERY}?$order=:id&$limit=2&cursor=${forged}`);
      expect(got.status).toBe(400);
      expect(got.body.detail).toBe('cursor: holds a value that does not fit the sort');
    }
    // The largest value the key's cast holds is a page (an empty one), not an error.
    const max = Buffer.from(
      JSON.stringify({ ...payload, k: ['170141183460469231731687303715884105727', ...payload.k.slice(1)] }),
      'utf8',
    ).toString('base64url');
    expect((await getJson(`${QUERY}?$order=:id&$limit=2&cursor=${max}`)).rows).toEqual([]);
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
