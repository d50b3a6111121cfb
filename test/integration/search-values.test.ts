import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';
import { DatasetEntry, VersionRecord } from '../../functions/core/catalog/schema.ts';
import { WHOLE_VALUE_SCORE } from '../../functions/core/catalog/search/search-fields.ts';
import { startTestPlatform } from '../support/platform.ts';
import { getOk, searchDatasets } from '../support/release-fixtures.ts';

/**
 * Reference data declared `searchValues` (docs/search.md): the shipped division lists are found by any
 * of their names, each of which one row holds (搜不到 was the review's finding: 广东, 海淀, haidian found
 * nothing), through the real pipeline; and the declaration is refused wherever rows can be about people.
 */
const root = join(import.meta.dirname, '..', '..');

describe('reference data declared searchValues (local platform)', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['cn-provinces', 'cn-counties'] });
  }, 120_000);
  afterAll(async () => {
    await p?.cleanup();
  });

  it('publishes every name, each held by one row, with the version and the entry', async () => {
    const entry = DatasetEntry.parse(await getOk(p.url, '/v1/datasets/cn-counties'));
    const version = VersionRecord.parse(await getOk(p.url, '/v1/datasets/cn-counties/versions/1'));
    expect(entry.valueProfile).toEqual(version.valueProfile);
    const names = entry.valueProfile?.find((c) => c.field === 'name');
    expect(names).toMatchObject({ searchValues: true, distinct: 2942 });
    expect(names?.values).toHaveLength(2942);
    expect(names?.values).toContain('海淀区');
    // The other columns keep their common values only: not declared.
    expect(entry.valueProfile?.find((c) => c.field === 'cityCode')).not.toHaveProperty('searchValues');
  });

  it.each([
    ['浙江', 'cn-provinces', '浙江省'],
    ['广东省', 'cn-provinces', '广东省'],
    ['zhejiang', 'cn-provinces', '浙江省'],
    ['海淀', 'cn-counties', '海淀区'],
    ['海澱區', 'cn-counties', '海淀区'],
    ['石景山', 'cn-counties', '石景山区'],
    ['haidian', 'cn-counties', '海淀区'],
  ])('finds the dataset by %s, a value one row holds, and says which', async (q, id, value) => {
    const r = await searchDatasets(p.url, q);
    expect(r.datasets.map((d) => d.id)).toEqual([id]);
    expect(r.matchedValues).toEqual({ [id]: [{ field: 'name', value }] });
    expect(r.datasets[0]).not.toHaveProperty('valueProfile');
  });

  it('scores a whole value above a part of one', async () => {
    expect((await searchDatasets(p.url, '海淀区')).scores['cn-counties']).toBe(WHOLE_VALUE_SCORE);
    expect((await searchDatasets(p.url, '海淀')).scores['cn-counties']).toBeLessThan(WHOLE_VALUE_SCORE);
  });

  it('the query API folds traditional characters too: $q=海澱 finds the row of 海淀区', async () => {
    const rowsOf = async (q: string) =>
      (
        (await getOk(p.url, `/v1/datasets/cn-counties/query?$q=${encodeURIComponent(q)}&$limit=10`)) as {
          rows: unknown[];
        }
      ).rows;
    const simplified = await rowsOf('海淀');
    expect(simplified).toHaveLength(1);
    expect(await rowsOf('海澱')).toEqual(simplified);
    expect(await rowsOf('110108 海澱')).toEqual(simplified);
  });
});

describe('searchValues refused where rows can be about people (opendata validate)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'search-values-'));
    await cp(join(root, 'datasets', 'publishers.yaml'), join(work, 'publishers.yaml'));
    await cp(join(root, 'datasets', 'licenses.yaml'), join(work, 'licenses.yaml'));
    for (const d of ['la-riots-deaths', 'seattle-weather']) {
      await cp(join(root, 'datasets', d), join(work, d), { recursive: true });
    }
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  /** Runs validate on the copy of `dataset` whose manifest `edit` changed: exit code and output. */
  const validate = async (dataset: string, edit: (yaml: string) => string) => {
    const file = join(work, dataset, 'dataset.yaml');
    const original = await readFile(join(root, 'datasets', dataset, 'dataset.yaml'), 'utf8');
    const edited = edit(original);
    expect(edited).not.toBe(original);
    await writeFile(file, edited);
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s), env: {}, cwd: root };
    return { code: await main(['validate', join(work, dataset)], io), text: out.join('\n') };
  };
  /** Adds `searchValues: true` to field `name` (after its `type:` line). */
  const declare =
    (name: string, extra = '') =>
    (yaml: string) =>
      yaml.replace(new RegExp(`(  - name: ${name}\\n    type: \\w+\\n)`), `$1    searchValues: true\n${extra}`);

  it('in a dataset with sensitive fields, even on its public, untreated text column', async () => {
    const r = await validate('la-riots-deaths', declare('neighborhood'));
    expect(r.code).toBe(1);
    expect(r.text).toContain('searchValues');
    expect(r.text).toMatch(/has sensitive field\(s\) "first_name", "last_name".*so its rows are about people/);
    expect(r.text).toContain('remove searchValues from this field');
  });

  it('on a number field', async () => {
    const r = await validate('seattle-weather', declare('temp_max'));
    expect(r.code).toBe(1);
    expect(r.text).toContain('field "temp_max" is of type number: searchValues applies to text (string) fields only');
  });

  it('on a treated field', async () => {
    const r = await validate('seattle-weather', declare('weather', '    treatment: {kind: redact}\n'));
    expect(r.code).toBe(1);
    expect(r.text).toContain('field "weather" has treatment redact: searchValues applies to untreated fields only');
  });

  it('and accepted on the public text column of a dataset not about people', async () => {
    const r = await validate('seattle-weather', declare('weather'));
    expect(r.text).toContain('valid');
    expect(r.code).toBe(0);
  });
});
