import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogGatedFiles } from '../../functions/adapters/local/catalog-gated-files.ts';
import { loadRegistry, readReleaseFolder } from '../../functions/adapters/local/dataset-folder.ts';
import { bodyParams } from '../../functions/core/query/parse-query-params.ts';
import { REPO_ROOT } from '../../functions/local/platform.ts';
import type { TableCatalog, VersionTable } from '../../functions/ports/table-catalog.ts';
import { publishRelease, registerPublishedTables } from '../../functions/usecases/publish-release.ts';
import { queryDataset } from '../../functions/usecases/query-dataset.ts';
import { startTestPlatform } from '../support/platform.ts';
import { TOKENS } from '../support/release-fixtures.ts';

/**
 * The asynchronous query path over HTTP on the local platform. A threshold of a few bytes sends every
 * version to the jobs engine (locally: a background DuckDB run), so the routing, the 202 + Location,
 * polling and the result are exercised with a small dataset. The synchronous answer to compare with
 * comes from the same use case without jobs configured.
 */
const JOB_URL = /\/v1\/query-jobs\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Accepted {
  jobId: string;
  state: string;
  dataset: string;
  version: number;
  status: string;
}
interface Job {
  jobId: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  dataset: string;
  version: number;
  error: { code: string; message: string } | null;
  result: string | null;
  download: string | null;
}

describe('query jobs: large versions are answered asynchronously', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['seattle-weather'], athenaThresholdBytes: 16 });
  }, 180_000);
  afterAll(() => p?.cleanup());

  /** Polls the status link until the job is done (the local engine answers in milliseconds). */
  async function poll(url: string): Promise<Job> {
    for (let i = 0; i < 200; i++) {
      const r = await fetch(url);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('no-store');
      const job = (await r.json()) as Job;
      if (job.state === 'succeeded' || job.state === 'failed') return job;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`job ${url} did not finish`);
  }

  async function synchronous(params: Record<string, string>, body?: unknown) {
    const input = { params, ...(body !== undefined ? { body: bodyParams(body) } : {}) };
    const out = await queryDataset({ ...p.deps, queryJobs: undefined }, 'seattle-weather', input);
    if (!('answer' in out)) throw new Error('expected a synchronous answer');
    return out.answer;
  }

  it('answers GET with 202, a Location to poll and a job body; the result has the synchronous rows', async () => {
    const q = { $where: 'temp_max > 30', $order: 'temp_max DESC, date', $limit: '7' };
    const r = await fetch(`${p.url}/v1/datasets/seattle-weather/query?${new URLSearchParams(q)}`);
    expect(r.status).toBe(202);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const location = r.headers.get('location') ?? '';
    expect(location).toMatch(JOB_URL);
    const accepted = (await r.json()) as Accepted;
    expect(accepted).toEqual({
      jobId: expect.any(String),
      state: 'queued',
      dataset: 'seattle-weather',
      version: 1,
      status: location,
    });
    expect(location.endsWith(`/v1/query-jobs/${accepted.jobId}`)).toBe(true);

    const job = await poll(location);
    expect(job).toMatchObject({ jobId: accepted.jobId, state: 'succeeded', dataset: 'seattle-weather', version: 1 });
    expect(job.error).toBeNull();
    expect(job.result).toBe(`${p.url}/v1/query-jobs/${accepted.jobId}/result`);

    const result = await fetch(job.result ?? '');
    expect(result.status).toBe(200);
    const answer = await result.json();
    const sync = await synchronous(q);
    expect(sync.rows.length).toBe(7);
    // The synchronous answer counts every row the filter keeps; a job's answer has no count (it would be
    // a second Athena query): its total is null while a page is truncated.
    expect(sync.total).toBeGreaterThan(7);
    expect(answer).toEqual({ ...sync, total: null });
    expect(result.headers.get('x-truncated')).toBe('true');

    // The stored result file, served by the platform (in AWS: a presigned link to Athena's CSV).
    expect(job.download).toMatch(/\/query-results\/[0-9a-f-]{36}\.json$/);
    const file = await fetch(job.download ?? '');
    expect(file.status).toBe(200);
    const raw = (await file.json()) as { columns: Array<{ name: string }>; rows: unknown[][] };
    // The engine's page: the look-ahead row and the hidden cursor columns are still there.
    expect(raw.rows.length).toBe(8);
    expect(raw.rows.slice(0, 7).map((row) => row.slice(0, sync.columns.length))).toEqual(sync.rows);
  });

  it('answers POST the same way, and renders the result as CSV on request', async () => {
    const body = { $select: 'weather, count(*) AS days', $group: 'weather', $order: 'weather' };
    const r = await fetch(`${p.url}/v1/datasets/seattle-weather/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(202);
    const job = await poll(r.headers.get('location') ?? '');
    expect(job.state).toBe('succeeded');
    const json = await (await fetch(job.result ?? '')).json();
    expect(json).toEqual(await synchronous({}, body));
    const csv = await fetch(`${job.result}?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('weather,days');
    expect(lines).toHaveLength(1 + (json as { rows: unknown[] }).rows.length);
  });

  it('pages: `next` of a job result asks the query route again, which starts the next job', async () => {
    const q = { $order: 'date', $limit: '3' };
    const first = await fetch(`${p.url}/v1/datasets/seattle-weather/query?${new URLSearchParams(q)}`);
    const job = await poll(first.headers.get('location') ?? '');
    const page1 = (await (await fetch(job.result ?? '')).json()) as { rows: unknown[][]; next: string };
    expect(page1.next).toContain('cursor=');
    const second = await fetch(page1.next);
    expect(second.status).toBe(202);
    const job2 = await poll(second.headers.get('location') ?? '');
    const page2 = (await (await fetch(job2.result ?? '')).json()) as { rows: unknown[][] };
    const sync = await synchronous({ $order: 'date', $limit: '6' });
    expect([...page1.rows, ...page2.rows]).toEqual(sync.rows);
  });

  it('refuses an invalid query at once with a 400 problem, without starting a job', async () => {
    const r = await fetch(`${p.url}/v1/datasets/seattle-weather/query?$where=${encodeURIComponent('nope > 1')}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.headers.get('location')).toBeNull();
  });

  it('answers 404 problems for unknown or malformed job ids and result files', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-job', '..%2F..%2Fsecrets']) {
      for (const suffix of ['', '/result']) {
        const r = await fetch(`${p.url}/v1/query-jobs/${id}${suffix}`);
        expect(r.status, `${id}${suffix}`).toBe(404);
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    }
    const file = await fetch(`${p.url}/query-results/00000000-0000-4000-8000-000000000000.json`);
    expect(file.status).toBe(404);
  });

  it('keeps small versions on the synchronous path when the threshold is above their size', async () => {
    const jobs = p.deps.queryJobs;
    expect(jobs).toBeDefined();
    const big = { ...p.deps, queryJobs: jobs ? { ...jobs, thresholdBytes: 2 * 1024 ** 3 } : undefined };
    const out = await queryDataset(big, 'seattle-weather', { params: { $limit: '2' } });
    expect('answer' in out).toBe(true);
  });

  // Last in this block: it withdraws the version the others query.
  it('answers 410 for a job over a version withdrawn since, and signs no new link to its rows', async () => {
    const r = await fetch(`${p.url}/v1/datasets/seattle-weather/query?$limit=3`);
    const job = await poll(r.headers.get('location') ?? '');
    expect(job.state).toBe('succeeded');
    // The link to the result file, signed while the version was published.
    const file = job.download ?? '';
    expect((await fetch(file)).status).toBe(200);
    const withdrawn = await fetch(`${p.url}/v1/datasets/seattle-weather/versions/1/withdraw`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.bob}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'personal data found in the remarks' }),
    });
    expect(withdrawn.status).toBe(200);
    for (const url of [`${p.url}/v1/query-jobs/${job.jobId}`, job.result ?? '', file]) {
      const gone = await fetch(url);
      expect(gone.status, url).toBe(410);
      expect(((await gone.json()) as { reason: string }).reason).toBe('personal data found in the remarks');
    }
  });
});

describe('publishing registers the version in the table catalog, best effort', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['seattle-weather'] });
  }, 180_000);
  afterAll(() => p?.cleanup());

  async function publishNext(catalog: TableCatalog, releaseId: string) {
    const registry = await loadRegistry(join(REPO_ROOT, 'datasets'));
    const folder = await readReleaseFolder(join(REPO_ROOT, 'datasets', 'seattle-weather'), registry);
    // A new label makes it a new version of the same data.
    const manifest = { ...folder.manifest, label: releaseId };
    return publishRelease(
      { ...p.deps, tableCatalog: catalog, publishedFiles: catalogGatedFiles },
      { releaseId, manifest, sources: folder.sources, registry },
    );
  }

  it('writes the location file write-once before the commit and registers after it, retrying failures', async () => {
    const calls: VersionTable[] = [];
    let failures = 2;
    const catalog: TableCatalog = {
      locationFile: (t) => ({
        key: `${t.parquetKey.replace(/data\.parquet$/, '')}_athena/symlink.txt`,
        body: `x/${t.parquetKey}\n`,
      }),
      register: async (t) => {
        calls.push(t);
        if (failures-- > 0) throw new Error('throttled');
      },
    };
    const out = await publishNext(catalog, 'glue-retry');
    expect(out.status).toBe('published');
    const version = (out as { version: number }).version;
    expect(calls).toHaveLength(3);
    expect(calls[2]).toMatchObject({
      datasetId: 'seattle-weather',
      version,
      parquetKey: `datasets/seattle-weather/v${String(version).padStart(6, '0')}/data.parquet`,
    });
    expect(calls[2]?.fields.map((f) => f.name)).toContain('temp_max');
    const key = `datasets/seattle-weather/v${String(version).padStart(6, '0')}/_athena/symlink.txt`;
    expect(await p.deps.blobs.head(key)).not.toBeNull();
    // Not an artifact: downloads, datapackage and SHA256SUMS do not list it.
    const record = await p.deps.catalog.getVersion('seattle-weather', version);
    expect(record?.value.state).toBe('published');
    expect(record?.value.artifacts.map((a) => a.name)).not.toContain('symlink.txt');
  });

  it('registers every published version again on demand (the ingest task after the Glue database was recreated)', async () => {
    const calls: VersionTable[] = [];
    const catalog: TableCatalog = { locationFile: () => null, register: async (t) => void calls.push(t) };
    const out = await registerPublishedTables({ ...p.deps, tableCatalog: catalog });
    const published = (await p.deps.catalog.listVersions('seattle-weather')).filter((v) => v.state === 'published');
    expect(out).toEqual({ registered: published.length, skipped: 0, failed: [] });
    expect(calls.map((c) => [c.datasetId, c.version]).sort()).toEqual(
      published.map((v) => ['seattle-weather', v.version]).sort(),
    );
  });

  it('keeps the version published when registration keeps failing', async () => {
    const catalog: TableCatalog = {
      locationFile: () => null,
      register: async () => {
        throw new Error('AccessDenied');
      },
    };
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      const out = await publishNext(catalog, 'glue-down');
      expect(out.status).toBe('published');
      const version = (out as { version: number }).version;
      expect((await p.deps.catalog.getVersion('seattle-weather', version))?.value.state).toBe('published');
      expect(errors.join('\n')).toMatch(/table registration failed/);
    } finally {
      console.error = original;
    }
  });
});
