import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOADABLE } from '../../functions/core/catalog/artifact-keys.ts';
import type { VersionRecord } from '../../functions/core/catalog/schema.ts';
import { startTestPlatform } from '../support/platform.ts';

/**
 * Downloads over HTTP: every file of every version, through the API redirect to /files/, with Range,
 * ETag/If-None-Match, Content-Digest matching the datapackage, Content-Disposition; withdrawn → 410.
 */

let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: ['seattle-weather', 'cn-provinces'] });
});
afterAll(async () => {
  await p?.cleanup();
});

const IMMUTABLE = 'public, max-age=31536000, immutable';
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${p.url}${path}`, { headers, redirect: 'manual' });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

async function versionsOf(id: string): Promise<VersionRecord[]> {
  const r = await get(`/v1/datasets/${id}/versions`);
  return ((await r.json()) as { versions: VersionRecord[] }).versions;
}

describe('downloads', () => {
  it('serves every file of every version: 302 → streamed file whose digest matches the datapackage', async () => {
    for (const id of ['seattle-weather', 'cn-provinces']) {
      for (const v of await versionsOf(id)) {
        const dp = (await (
          await fetch(`${p.url}/v1/datasets/${id}/versions/${v.version}/datapackage.json`)
        ).json()) as {
          resources: Array<{ path: string; hash: string; bytes: number }>;
        };
        const names = v.artifacts.map((a) => a.name);
        expect(names).toEqual(
          expect.arrayContaining([
            'data.csv',
            'data.parquet',
            'data.ndjson',
            'data.json',
            'datapackage.json',
            'SHA256SUMS',
          ]),
        );
        for (const name of names) {
          expect(DOWNLOADABLE as readonly string[]).toContain(name);
          const redirect = await get(`/v1/datasets/${id}/versions/${v.version}/${name}`);
          expect(redirect.status, name).toBe(302);
          expect(redirect.headers.get('cache-control')).toBe(IMMUTABLE);
          const location = redirect.headers.get('location')!;
          expect(new URL(location).pathname).toMatch(
            new RegExp(`^/files/${id}/v0*${v.version}/${name.replace('.', '\\.')}$`),
          );
          const res = await fetch(location);
          expect(res.status, name).toBe(200);
          const body = Buffer.from(await res.arrayBuffer());
          const artifact = v.artifacts.find((a) => a.name === name)!;
          expect(body.length).toBe(artifact.bytes);
          expect(sha256(body).toString('hex')).toBe(artifact.sha256);
          expect(res.headers.get('content-digest')).toBe(`sha-256=:${sha256(body).toString('base64')}:`);
          expect(res.headers.get('repr-digest')).toBe(res.headers.get('content-digest'));
          expect(res.headers.get('etag')).toBe(`"${artifact.sha256}"`);
          expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
          expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}-v${v.version}-${name}"`);
          const resource = dp.resources.find((r) => r.path === name);
          if (resource) expect(resource.hash).toBe(`sha256:${artifact.sha256}`);
        }
        // Every data file is in the datapackage, and SHA256SUMS lists every other file.
        for (const f of ['data.csv', 'data.parquet', 'data.ndjson', 'data.json'])
          expect(dp.resources.map((r) => r.path)).toContain(f);
        const sums = await (await fetch(`${p.url}/v1/datasets/${id}/versions/${v.version}/SHA256SUMS`)).text();
        for (const a of v.artifacts.filter((x) => x.name !== 'SHA256SUMS'))
          expect(sums).toContain(`${a.sha256}  ${a.name}`);
      }
    }
  });

  it('answers Range requests with 206 and unsatisfiable ones with 416', async () => {
    const loc = (await get('/v1/datasets/seattle-weather/versions/1/data.csv')).headers.get('location')!;
    const full = Buffer.from(await (await fetch(loc)).arrayBuffer());
    const part = await fetch(loc, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${full.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(full.subarray(10, 20));
    // RFC 9530: the part's headers describe the whole file as Repr-Digest, never as Content-Digest.
    expect(part.headers.get('repr-digest')).toBe(`sha-256=:${sha256(full).toString('base64')}:`);
    expect(part.headers.get('content-digest')).toBeNull();
    const suffix = await fetch(loc, { headers: { range: 'bytes=-5' } });
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(full.subarray(full.length - 5));
    const bad = await fetch(loc, { headers: { range: `bytes=${full.length + 10}-` } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${full.length}`);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await bad.json()) as { status: number; detail: string; hint: string };
    expect(problem.status).toBe(416);
    expect(problem.detail).toContain(`${full.length} bytes`);
  });

  it('compares If-None-Match weakly (304 for W/"…", a list, *) and If-Match strongly (412)', async () => {
    const loc = (await get('/v1/datasets/seattle-weather/versions/1/data.csv')).headers.get('location')!;
    const first = await fetch(loc, { method: 'HEAD' });
    const etag = first.headers.get('etag')!;
    for (const inm of [`W/${etag}`, `"nope", ${etag}`, `W/"nope",W/${etag}`, '*']) {
      const r = await fetch(loc, { headers: { 'if-none-match': inm } });
      expect(r.status, inm).toBe(304);
    }
    expect((await fetch(loc, { method: 'HEAD', headers: { 'if-none-match': '"nope"' } })).status).toBe(200);
    for (const im of [etag, `"nope", ${etag}`, '*']) {
      const r = await fetch(loc, { method: 'HEAD', headers: { 'if-match': im } });
      expect(r.status, im).toBe(200);
    }
    for (const im of ['"nope"', `W/${etag}`]) {
      const r = await fetch(loc, { headers: { 'if-match': im } });
      expect(r.status, im).toBe(412);
      expect(r.headers.get('content-type'), im).toContain('application/problem+json');
      expect(((await r.json()) as { detail: string }).detail, im).toContain('If-Match');
    }
  });

  it('answers If-None-Match with 304', async () => {
    const loc = (await get('/v1/datasets/cn-provinces/versions/1/data.parquet')).headers.get('location')!;
    const first = await fetch(loc);
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    const again = await fetch(loc, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
  });

  it('caches latest briefly and pinned versions forever', async () => {
    const latest = await get('/v1/datasets/seattle-weather/versions/latest/data.csv');
    expect(latest.status).toBe(302);
    expect(latest.headers.get('cache-control')).toMatch(/max-age=60\b/);
    expect(latest.headers.get('cache-control')).not.toContain('immutable');
  });

  it('answers unknown datasets, versions and files with 404 problem+json', async () => {
    for (const path of [
      '/v1/datasets/no-such/versions/1/data.csv',
      '/v1/datasets/seattle-weather/versions/99/data.csv',
      '/v1/datasets/seattle-weather/versions/1/secret.txt',
      '/files/seattle-weather/v000001/nope.csv',
      '/files/seattle-weather/v000001/..%2f..%2f..%2fdynamodb',
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type'), path).toContain('application/problem+json');
      const body = (await r.json()) as { type: string };
      expect(body.type).toBe('/problems/not-found');
    }
    expect((await get('/v1/datasets/seattle-weather/versions/abc/data.csv')).status).toBe(400);
  });

  it('serves no file of a version the catalogue does not list as published (a publication unfinished or failed)', async () => {
    // Files written under a version number the catalogue has no published record of.
    const key = 'datasets/seattle-weather/v000099/data.csv';
    await p.deps.blobs.putBytes(key, 'date,weather\n2016-01-01,sun\n', { contentType: 'text/csv' });
    const r = await get('/files/seattle-weather/v000099/data.csv');
    expect(r.status).toBe(404);
    expect(((await r.json()) as { detail: string }).detail).toMatch(/version 99 of "seattle-weather" is not published/);
  });

  it('answers a withdrawn version with 410 and the reason (metadata stays readable)', async () => {
    const stored = await p.deps.catalog.getVersion('cn-provinces', 1);
    expect(stored).toBeDefined();
    await p.deps.catalog.updateVersion(
      {
        ...stored!.value,
        state: 'withdrawn',
        withdrawn: { reason: 'codes superseded by the 2024 edition', at: '2026-11-01T00:00:00.000Z', by: 'test' },
      },
      stored!.revision,
    );
    const r = await get('/v1/datasets/cn-provinces/versions/1/data.csv');
    expect(r.status).toBe(410);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const body = (await r.json()) as { type: string; reason: string; detail: string };
    expect(body.type).toBe('/problems/gone');
    expect(body.reason).toBe('codes superseded by the 2024 edition');
    const direct = await fetch(`${p.url}${stored!.value.artifacts[0]!.key.replace(/^datasets\//, '/files/')}`);
    expect(direct.status).toBe(410);
    expect(((await direct.json()) as { reason: string }).reason).toBe('codes superseded by the 2024 edition');
    const meta = await get('/v1/datasets/cn-provinces/versions/1');
    expect(meta.status).toBe(200);
    expect(((await meta.json()) as VersionRecord).withdrawn?.reason).toBe('codes superseded by the 2024 edition');
    expect(meta.headers.get('cache-control')).not.toContain('immutable');
  });
});
