import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';

/**
 * The backbone's vertical slice over HTTP against the real local platform: manifest → validated data →
 * sensitive column dropped → version 1 (CSV + Parquet + datapackage.json) → catalogue → API → site.
 */
describe('local platform: one dataset end to end', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['seattle-weather', 'la-riots-deaths', 'cn-provinces'], buildSite: true });
  }, 180_000);
  afterAll(() => p?.cleanup());

  it('reports health with the running version', async () => {
    const r = await fetch(`${p.url}/v1/health`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { status: string; version: string };
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists the published datasets', async () => {
    const r = await fetch(`${p.url}/v1/datasets`);
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBeTruthy();
    const body = (await r.json()) as { datasets: Array<{ id: string; latestVersion: number }> };
    const ids = body.datasets.map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['seattle-weather', 'la-riots-deaths', 'cn-provinces']));
    expect(body.datasets.every((d) => d.latestVersion === 1)).toBe(true);
  });

  it('shows a dataset without the columns graded sensitive and dropped', async () => {
    const r = await fetch(`${p.url}/v1/datasets/la-riots-deaths`);
    expect(r.status).toBe(200);
    const d = (await r.json()) as { fields: Array<{ name: string }>; latestVersion: number };
    const names = d.fields.map((f) => f.name);
    expect(names).not.toContain('first_name');
    expect(names).not.toContain('last_name');
    expect(names).not.toContain('address');
    expect(names).toContain('age');
  });

  it('serves a CSV download whose sha256 matches the datapackage, and no dropped column in it', async () => {
    const dp = (await (await fetch(`${p.url}/v1/datasets/la-riots-deaths/versions/1/datapackage.json`)).json()) as {
      resources: Array<{ path: string; hash: string; bytes: number }>;
    };
    const csvRes = dp.resources.find((r) => r.path === 'data.csv');
    expect(csvRes).toBeDefined();
    expect(dp.resources.map((r) => r.path)).toEqual(expect.arrayContaining(['data.csv', 'data.parquet']));
    const r = await fetch(`${p.url}/v1/datasets/la-riots-deaths/versions/1/data.csv`);
    expect(r.status).toBe(200);
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.length).toBe(csvRes?.bytes);
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(csvRes?.hash);
    const header =
      bytes
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split('\n')[0] ?? '';
    expect(header).not.toMatch(/first_name|last_name|address/);
  });

  it('answers a query with rows', async () => {
    const r = await fetch(`${p.url}/v1/datasets/seattle-weather/query?limit=10`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { rows: unknown[][]; columns: Array<{ name: string }>; truncated: boolean };
    expect(body.rows).toHaveLength(10);
    expect(body.columns.map((c) => c.name)).toContain('date');
    expect(body.truncated).toBe(true);
  });

  it('answers unknown datasets with problem+json', async () => {
    const r = await fetch(`${p.url}/v1/datasets/no-such-dataset`);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const body = (await r.json()) as { type: string; status: number; detail: string };
    expect(body.status).toBe(404);
    expect(body.type).toBe('/problems/not-found');
  });

  it('builds a catalogue page for the dataset', async () => {
    expect(existsSync(join(p.dataDir, 'site', 'index.html'))).toBe(true);
    const r = await fetch(`${p.url}/datasets/seattle-weather/`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('seattle-weather');
    expect(html).toMatch(/<html[^>]+lang="zh-CN"/);
  });

  it('publishes nothing new on a second run when nothing changed', async () => {
    const again = await p.republish();
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((r) => r.status === 'unchanged')).toBe(true);
  });
});
