import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogGatedFiles } from '../../functions/adapters/local/catalog-gated-files.ts';
import { loadRegistry, readReleaseFolder } from '../../functions/adapters/local/dataset-folder.ts';
import { queryTimeout } from '../../functions/core/errors.ts';
import { REPO_ROOT } from '../../functions/local/platform.ts';
import type { QueryEngine } from '../../functions/ports/query-engine.ts';
import { publishRelease } from '../../functions/usecases/publish-release.ts';
import { queryDataset } from '../../functions/usecases/query-dataset.ts';
import { startTestPlatform } from '../support/platform.ts';
import { expectChineseQueryProblem, QUERY_REFUSALS } from '../support/query-problem-zh.ts';

/**
 * The Socrata constructs over HTTP, answers checked against the rows computed in JS: `$select=distinct`,
 * `count(distinct …)`, date_extract_*, `:id` and `NULLS FIRST|LAST` with keyset paging. Besides the
 * sample weather (dates, no nulls), a small dataset with date-times, nulls and no primary key.
 */

interface Answer {
  rows: unknown[][];
  columns: { name: string; type: string }[];
  truncated: boolean;
  total: number | null;
  next: string | null;
}
interface Problem {
  detail: string;
  hint?: string;
  errors?: { where: string; message: string; zh?: { message: string } }[];
  zh?: { detail: string; hint?: string };
}

/** The events dataset: row i of its file is `:id` i. Every 4th score, every 5th kind and one time are missing. */
interface Event {
  at: string | null;
  score: number | null;
  kind: string | null;
}
const EVENTS: Event[] = Array.from({ length: 30 }, (_, i) => ({
  at:
    i === 7
      ? null
      : `${2023 + (i % 2)}-${pad(1 + ((i * 5) % 12))}-${pad(1 + ((i * 7) % 28))}T${pad((i * 5) % 24)}:${pad((i * 13) % 60)}:${pad((i * 17) % 60)}`,
  score: i % 4 === 1 ? null : ((i * 7) % 11) / 2,
  kind: i % 5 === 3 ? null : (['x', 'y', 'z'][i % 3] as string),
}));
function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const EVENTS_MANIFEST = `id: soql-events
title: SoQL events
description: Timestamped scores with missing values, a fixture for the query language tests.
publisher: demo-ecology-environment
contact: { name: Monitoring data section, email: opendata@sthj.demo-city.example }
themes: [environment]
license: CC-BY-4.0
updateFrequency: daily
source:
  files: [{ path: data.csv }]
  format: csv
  encoding: utf-8
fields:
  - name: at
    type: datetime
  - name: score
    type: number
  - name: kind
    type: string
`;
const EVENTS_CSV = `at,score,kind\n${EVENTS.map((e) => [e.at ?? '', e.score ?? '', e.kind ?? ''].join(',')).join('\n')}\n`;

let p: Awaited<ReturnType<typeof startTestPlatform>>;
let fixtureDir: string;
beforeAll(async () => {
  p = await startTestPlatform({ only: ['seattle-weather'] });
  fixtureDir = await mkdtemp(join(tmpdir(), 'soql-events-'));
  const dir = join(fixtureDir, 'soql-events');
  await mkdir(dir);
  await writeFile(join(dir, 'dataset.yaml'), EVENTS_MANIFEST);
  await writeFile(join(dir, 'data.csv'), EVENTS_CSV);
  const registry = await loadRegistry(join(REPO_ROOT, 'datasets'));
  const folder = await readReleaseFolder(dir, registry);
  const out = await publishRelease(
    { ...p.deps, publishedFiles: catalogGatedFiles },
    {
      releaseId: 'soql-events-1',
      manifest: folder.manifest,
      sources: folder.sources,
      registry,
    },
  );
  expect(out.status).toBe('published');
}, 180_000);
afterAll(async () => {
  await p?.cleanup();
  if (fixtureDir) await rm(fixtureDir, { recursive: true, force: true });
});

const WEATHER = '/v1/datasets/seattle-weather/query';
const EVENTS_QUERY = '/v1/datasets/soql-events/query';

const url = (path: string, params: Record<string, string>) => `${p.url}${path}?${new URLSearchParams(params)}`;
const getJson = async (target: string): Promise<Answer> => {
  const r = await fetch(target);
  const text = await r.text();
  expect(r.status, text).toBe(200);
  return JSON.parse(text) as Answer;
};
const query = (path: string, params: Record<string, string>) => getJson(url(path, params));
/** Every page of a query, following `next`, with the rows of each page. */
const allPages = async (path: string, params: Record<string, string>) => {
  const pages: Answer[] = [await query(path, params)];
  while (pages.at(-1)!.next) {
    expect(pages.length).toBeLessThan(200);
    pages.push(await getJson(pages.at(-1)!.next!));
  }
  return { pages, rows: pages.flatMap((pg) => pg.rows) };
};
/** A refusal, which says it in Chinese too whenever it is the query's (400, 408, 422). */
const problem = async (path: string, params: Record<string, string>) => {
  const r = await fetch(url(path, params));
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  const body = (await r.json()) as Problem;
  if (QUERY_REFUSALS.includes(r.status)) expectChineseQueryProblem(body);
  return { status: r.status, body };
};

/** The weather's rows as published: date and weather, in file order. */
let weather: { date: string; weather: string }[];
const weatherRows = async () => {
  weather ??= (await query(WEATHER, { $select: 'date, weather', $order: ':id', $limit: '5000' })).rows.map(
    ([date, w]) => ({ date: date as string, weather: w as string }),
  );
  return weather;
};

/** ISO 8601 week of a UTC date (weeks start on Monday; week 1 holds the year's first Thursday). */
const isoWeek = (d: Date): number => {
  const thursday = new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7)),
  );
  const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  return (
    1 + Math.round((thursday.getTime() - jan4.getTime()) / 86_400_000 / 7 - (3 - ((jan4.getUTCDay() + 6) % 7)) / 7)
  );
};

describe('$select=distinct', () => {
  it('answers each distinct value once, ordered, paged by cursor, the total counting the distinct rows', async () => {
    const expected = [...new Set((await weatherRows()).map((r) => r.weather))].sort();
    const one = await query(WEATHER, { $select: 'distinct weather' });
    expect(one.rows.map((r) => r[0])).toEqual(expected);
    expect(one.total).toBe(expected.length);
    const paged = await allPages(WEATHER, { $select: 'distinct weather', $limit: '2' });
    expect(paged.pages.length).toBe(Math.ceil(expected.length / 2));
    expect(paged.pages.map((pg) => pg.total)).toEqual(paged.pages.map(() => expected.length));
    expect(paged.rows.map((r) => r[0])).toEqual(expected);
    const desc = await query(WEATHER, { $select: 'DISTINCT weather AS w', $order: 'w DESC' });
    expect(desc.columns.map((c) => c.name)).toEqual(['w']);
    expect(desc.rows.map((r) => r[0])).toEqual([...expected].reverse());
  });

  it('of several items and a date function, like $group without counts', async () => {
    const rows = await weatherRows();
    const pairs = [...new Set(rows.map((r) => `${r.date.slice(0, 4)}|${r.weather}`))].sort();
    const got = await allPages(WEATHER, {
      $select: 'distinct date_extract_y(date) AS y, weather',
      $where: "weather != 'sun'",
      $limit: '3',
    });
    expect(got.rows.map(([y, w]) => `${y}|${w}`)).toEqual(pairs.filter((s) => !s.endsWith('|sun')));
  });

  it('count(distinct …) counts values, count(…) rows', async () => {
    const rows = await weatherRows();
    const got = await query(WEATHER, { $select: 'count(distinct weather) AS kinds, count(weather) AS n' });
    expect(got.rows).toEqual([[new Set(rows.map((r) => r.weather)).size, rows.length]]);
  });

  it('with an aggregate, $group or $having is a 400 problem saying what to do instead', async () => {
    const got = await problem(WEATHER, { $select: 'distinct weather, count(*)' });
    expect(got.status).toBe(400);
    expect(got.body.detail).toBe('$select: DISTINCT cannot be combined with aggregates');
    expect(got.body.hint).toContain('$group');
  });
});

describe('exact totals', () => {
  it('gives every page of a filtered query the number of rows it answers, by cursor or by offset', async () => {
    const rows = await weatherRows();
    const rainy = rows.filter((r) => r.weather === 'rain').length;
    const paged = await allPages(WEATHER, { $where: "weather = 'rain'", $limit: '100' });
    expect(paged.rows.length).toBe(rainy);
    expect(paged.pages.length).toBeGreaterThan(2);
    expect(paged.pages.map((pg) => pg.total)).toEqual(paged.pages.map(() => rainy));
    // An equality filter and an offset page: the same count.
    const offset = await query(WEATHER, { weather: 'rain', $limit: '10', $offset: '20' });
    expect(offset).toMatchObject({ total: rainy, truncated: true });
    // An offset past the end: an empty page, still the count (not the offset).
    expect(await query(WEATHER, { weather: 'rain', $offset: String(rainy + 50) })).toMatchObject({
      rows: [],
      total: rainy,
    });
    // `$$total=false` leaves the count out, on this page and the next ones.
    const uncounted = await query(WEATHER, { weather: 'rain', $limit: '10', $$total: 'false' });
    expect(uncounted).toMatchObject({ total: null, truncated: true });
    expect(uncounted.next).toContain('%24%24total=false');
    expect((await getJson(uncounted.next as string)).total).toBeNull();
    expect((await problem(WEATHER, { $$total: 'no' })).body.detail).toBe('$$total: must be true or false, not "no"');
    // A filter nothing matches: 0, not null.
    expect((await query(WEATHER, { $where: "weather = 'hail'" })).total).toBe(0);
  });

  it('answers the page with total null when only the count runs out of time', async () => {
    const real = p.deps.queryEngine;
    const counts: string[] = [];
    const engine: QueryEngine = {
      ...real,
      run: (tables, q, options) => {
        if (!q.sql.startsWith('SELECT count(*) AS total')) return real.run(tables, q, options);
        counts.push(q.sql);
        return Promise.reject(
          queryTimeout({
            detail: 'the query ran longer than 5000 ms and was stopped',
            zh: { detail: '查询运行超过 5000 毫秒，已被停止' },
          }),
        );
      },
    };
    const out = await queryDataset({ ...p.deps, queryEngine: engine }, 'seattle-weather', {
      params: { $where: "weather = 'fog' AND temp_max > 1", $limit: '3' },
    });
    if (!('answer' in out)) throw new Error('expected a synchronous answer');
    expect(out.answer).toMatchObject({ total: null, truncated: true });
    expect(out.answer.rows).toHaveLength(3);
    expect(counts).toHaveLength(1);
  });

  it('counts groups for $group and $having, rows for $q, one row for an aggregate', async () => {
    const rows = await weatherRows();
    const years = new Set(rows.map((r) => r.date.slice(0, 4)));
    const grouped = await query(WEATHER, {
      $select: 'date_extract_y(date) AS y, weather, count(*) AS n',
      $group: 'y, weather',
      $limit: '3',
    });
    const pairs = new Set(rows.map((r) => `${r.date.slice(0, 4)}|${r.weather}`));
    expect(grouped).toMatchObject({ total: pairs.size, truncated: true });
    const having = await query(WEATHER, {
      $select: 'weather, count(*) AS n',
      $group: 'weather',
      $having: 'count(*) > 100',
      $limit: '1',
    });
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.weather, (counts.get(r.weather) ?? 0) + 1);
    expect(having.total).toBe([...counts.values()].filter((n) => n > 100).length);
    const searched = await query(WEATHER, { $q: 'drizzle', $limit: '5' });
    expect(searched.total).toBe(rows.filter((r) => r.weather === 'drizzle').length);
    expect((await query(WEATHER, { $select: 'count(*)', $where: "weather = 'sun'" })).total).toBe(1);
    expect(years.size).toBeGreaterThan(1);
  });
});

describe('date_extract_*', () => {
  it('of a date column: every row as computed in JS (dow 0 = Sunday, woy the ISO week)', async () => {
    const rows = await weatherRows();
    const got = await query(WEATHER, {
      $select:
        'date, date_extract_y(date) AS y, date_extract_m(date) AS m, date_extract_d(date) AS d, date_extract_dow(date) AS dow, date_extract_woy(date) AS woy, date_extract_hh(date) AS hh',
      $order: 'date',
      $limit: '5000',
    });
    expect(got.columns.slice(1).map((c) => c.type)).toEqual(Array(6).fill('integer'));
    expect(got.rows).toHaveLength(rows.length);
    for (const [date, ...parts] of got.rows) {
      const d = new Date(`${date as string}T00:00:00Z`);
      expect([date, ...parts]).toEqual([
        date,
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCDay(),
        isoWeek(d),
        0,
      ]);
    }
    // Socrata's own example: 2013-10-24 is in week 43; it was a Thursday.
    const one = await query(WEATHER, { $select: 'date_extract_woy(date), date_extract_dow(date)', date: '2013-10-24' });
    expect(one.rows).toEqual([[43, 4]]);
  });

  it('in $where, $group and $order', async () => {
    const rows = await weatherRows();
    const sundays = rows.filter((r) => new Date(`${r.date}T00:00:00Z`).getUTCDay() === 0).map((r) => r.date);
    const where = await query(WEATHER, { $select: 'date', $where: 'date_extract_dow(date) = 0', $limit: '5000' });
    expect(where.rows.map((r) => r[0])).toEqual(sundays);
    const perYear = await query(WEATHER, {
      $select: 'date_extract_y(date) AS y, count(*) AS n',
      $group: 'y',
      $order: 'y DESC',
    });
    expect(perYear.rows).toEqual([
      [2015, 365],
      [2014, 365],
      [2013, 365],
      [2012, 366],
    ]);
    const ordered = await query(WEATHER, { $select: 'date', $order: 'date_extract_m(date) DESC, date', $limit: '2' });
    expect(ordered.rows).toEqual([['2012-12-01'], ['2012-12-02']]);
  });

  it('of a datetime column: hours, minutes and seconds too; NULL of a missing time', async () => {
    const got = await query(EVENTS_QUERY, {
      $select:
        ':id, date_extract_y(at), date_extract_m(at), date_extract_d(at), date_extract_hh(at), date_extract_mm(at), date_extract_ss(at), date_extract_dow(at), date_extract_woy(at)',
      $order: ':id',
    });
    expect(got.rows).toEqual(
      EVENTS.map((e, i) => {
        if (e.at === null) return [i, ...Array(8).fill(null)];
        const d = new Date(`${e.at}Z`);
        return [
          i,
          d.getUTCFullYear(),
          d.getUTCMonth() + 1,
          d.getUTCDate(),
          d.getUTCHours(),
          d.getUTCMinutes(),
          d.getUTCSeconds(),
          d.getUTCDay(),
          isoWeek(d),
        ];
      }),
    );
  });

  it('of a text column is a 400 problem naming the column; an unknown function still suggests one', async () => {
    const got = await problem(WEATHER, { $select: 'date_extract_y(weather) AS y' });
    expect(got.status).toBe(400);
    expect(got.body.detail).toBe('$select: date_extract_y() needs date or datetime, but column `weather` is string');
    expect(got.body.errors?.[0]?.where).toBe('$select');
    const unknown = await problem(WEATHER, { $where: 'date_extract_week(date) = 1' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toBe('$where: unknown function date_extract_week() at character 1');
    expect(unknown.body.hint).toMatch(/^Did you mean date_extract_\w+\(\)\? Functions: /);
  });
});

describe(':id', () => {
  it("is the row's position in the version's file: row i of data.csv is :id i", async () => {
    const csv = await (await fetch(`${p.url}/v1/datasets/seattle-weather/versions/1/data.csv`)).text();
    const fileDates = csv
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',')[0]);
    const got = await query(WEATHER, { $select: ':id, date', $order: ':id', $limit: '5000', version: '1' });
    expect(got.columns).toEqual([
      { name: ':id', type: 'integer' },
      { name: 'date', type: 'date' },
    ]);
    expect(got.rows).toEqual(fileDates.map((date, i) => [i, date]));
    const one = await query(WEATHER, { $select: 'date', $where: ':id = 100' });
    expect(one.rows).toEqual([[fileDates[100]]]);
  });

  it('is stable: the same answers again (from the engine cache), and paged backwards by cursor', async () => {
    const a = await query(WEATHER, { $select: ':id, date', $where: ':id BETWEEN 10 AND 12', version: '1' });
    const b = await query(WEATHER, { $select: ':id, date', $where: ':id BETWEEN 10 AND 12', version: '1' });
    expect(a.rows).toEqual(b.rows);
    expect(a.rows.map((r) => r[0])).toEqual([10, 11, 12]);
    const desc = await allPages(WEATHER, { $select: ':id', $order: ':id DESC', $limit: '400' });
    const count = (await weatherRows()).length;
    expect(desc.rows.map((r) => r[0])).toEqual(Array.from({ length: count }, (_, i) => count - 1 - i));
  });

  it('an unknown system field is a 400 problem naming it', async () => {
    const got = await problem(WEATHER, { $where: ':created_at > 1' });
    expect(got.status).toBe(400);
    expect(got.body.detail).toBe('$where: unknown system field :created_at at character 1');
  });
});

describe('NULLS FIRST / NULLS LAST', () => {
  /** The events in a JS order with :id as the tiebreak, as the API orders them. */
  const sortedIds = (compare: (a: Event, b: Event) => number) =>
    EVENTS.map((e, i) => ({ e, i }))
      .sort((a, b) => compare(a.e, b.e) || a.i - b.i)
      .map((x) => x.i);
  const nullable =
    (key: (e: Event) => string | number | null, { desc = false, nullsFirst = false } = {}) =>
    (a: Event, b: Event): number => {
      const x = key(a);
      const y = key(b);
      if (x === null || y === null) return x === y ? 0 : (x === null) === nullsFirst ? -1 : 1;
      return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
    };
  const ids = async (order: string, limit: string) =>
    (await allPages(EVENTS_QUERY, { $select: ':id', $order: order, $limit: limit })).rows.map((r) => r[0]);

  it.each([
    ['score NULLS FIRST', nullable((e) => e.score, { nullsFirst: true })],
    ['score DESC NULLS FIRST', nullable((e) => e.score, { desc: true, nullsFirst: true })],
    ['score', nullable((e) => e.score)],
    ['score DESC NULLS LAST', nullable((e) => e.score, { desc: true })],
  ] as const)('%s: every row once, in order, across pages of every size', async (order, compare) => {
    const expected = sortedIds(compare);
    for (const limit of ['1', '3', '7', '100'])
      expect(await ids(order, limit), `${order} / ${limit}`).toEqual(expected);
  });

  it('on two keys with NULLs in both', async () => {
    const kind = nullable((e) => e.kind, { desc: true, nullsFirst: true });
    const score = nullable((e) => e.score, { nullsFirst: true });
    const expected = sortedIds((a, b) => kind(a, b) || score(a, b));
    for (const limit of ['2', '5']) {
      expect(await ids('kind DESC NULLS FIRST, score NULLS FIRST', limit)).toEqual(expected);
    }
  });

  it('the default stays NULLS LAST, ascending and descending', async () => {
    const first = await query(EVENTS_QUERY, { $select: 'score', $order: 'score DESC', $limit: '30' });
    expect(first.rows.at(-1)).toEqual([null]);
    expect(first.rows[0]).not.toEqual([null]);
  });

  it('a cursor of NULLS FIRST followed with NULLS LAST is a 400, not a page of another order', async () => {
    const page = await query(EVENTS_QUERY, { $select: ':id', $order: 'score NULLS FIRST', $limit: '2' });
    const next = new URL(page.next!);
    next.searchParams.set('$order', 'score NULLS LAST');
    const r = await fetch(next);
    expect(r.status).toBe(400);
    const refused = (await r.json()) as Problem;
    expect(refused.detail).toMatch(/^cursor: belongs to another query/);
    expectChineseQueryProblem(refused);
    expect(refused.zh?.detail).toMatch(/^cursor：属于另一个查询/);
  });
});

describe('an expression with a literal in $select and $group (or $order)', () => {
  // `?` placeholders made the two copies two parameters, and DuckDB refused the GROUP BY: a 500.
  it('groups, orders and pages by it, the counts as computed in JS', async () => {
    const { rows } = await allPages(WEATHER, {
      $select: 'date_extract_y(date) + 1 AS next_year, count(*) AS n',
      $group: 'date_extract_y(date) + 1',
      $order: 'date_extract_y(date) + 1 DESC',
      $limit: '2',
    });
    const counts = new Map<number, number>();
    for (const w of await weatherRows()) {
      const y = Number(w.date.slice(0, 4)) + 1;
      counts.set(y, (counts.get(y) ?? 0) + 1);
    }
    expect(rows).toEqual([...counts.entries()].sort((a, b) => b[0] - a[0]));
  });

  it('filters groups with $having on the same expression', async () => {
    const { rows } = await allPages(EVENTS_QUERY, {
      $select: 'score * 2 AS doubled, count(*) AS n',
      $where: 'score IS NOT NULL',
      $group: 'score * 2',
      $having: 'score * 2 > 4',
      $order: 'doubled',
    });
    const counts = new Map<number, number>();
    for (const e of EVENTS)
      if (e.score !== null && e.score * 2 > 4) counts.set(e.score * 2, (counts.get(e.score * 2) ?? 0) + 1);
    expect(rows).toEqual([...counts.entries()].sort((a, b) => a[0] - b[0]));
  });
});
