import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';
import { api, fixtureManifest } from '../support/release-fixtures.ts';

/**
 * The AWS upload flow on the local platform: announced files, presigned PUTs to the local server (the
 * raw bucket's stand-in, which like S3 stores only exactly the signed bytes), and notifications to the
 * same ingest handler the stack subscribes to the raw-upload queue. Files bigger than an API request
 * body (6 MB locally, 10 MB at API Gateway) go this way.
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [], publishScorecards: false });
}, 120_000);
afterAll(async () => {
  await p?.cleanup();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
type Upload = { name: string; url: string; method: 'PUT'; headers: Record<string, string> };

async function announce(id: string, files: Record<string, Buffer>, manifest = fixtureManifest({ id })) {
  const res = await api(p.url, 'POST', '/v1/releases', {
    token: 'alice',
    body: {
      manifest,
      files: Object.entries(files).map(([name, b]) => ({ name, bytes: b.length, sha256: sha(b) })),
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, uploads: res.body.uploads as Upload[] };
}

const put = (u: Upload, body: Buffer, url = u.url) =>
  fetch(url, { method: 'PUT', headers: u.headers, body: new Uint8Array(body) });

const stateOf = async (id: string) => (await api(p.url, 'GET', `/v1/releases/${id}`, { token: 'alice' })).body;

describe('presigned uploads on the local platform', () => {
  it('submits and checks a release when its last file is uploaded', async () => {
    const manifest = fixtureManifest({ id: 'local-upload-air' }).replace(
      'files: [{ path: data.csv }]',
      'files: [{ path: part-1.csv }, { path: part-2.csv }]',
    );
    const files = {
      'part-1.csv': Buffer.from('station,pm25\nnorth,12.5\n'),
      'part-2.csv': Buffer.from('station,pm25\nsouth,30.1\neast,8.2\n'),
    };
    const r = await announce('local-upload-air', files, manifest);
    expect(r.uploads.map((u) => u.name)).toEqual(['part-1.csv', 'part-2.csv']);
    for (const u of r.uploads) expect(u.url.startsWith(`${p.url}/uploads/uploads/`)).toBe(true);

    expect((await put(r.uploads[0] as Upload, files['part-1.csv'])).status).toBe(200);
    await p.uploadsSettled();
    expect((await stateOf(r.id)).state).toBe('draft');

    expect((await put(r.uploads[1] as Upload, files['part-2.csv'])).status).toBe(200);
    await p.uploadsSettled();
    const checked = await stateOf(r.id);
    expect(checked.state).toBe('checks-passed');
    expect(checked.checks.rowsRead).toBe(3);
    expect(checked.submittedBy).toBe('alice');
  });

  it('takes files larger than an API request body', async () => {
    const rows = Array.from({ length: 400_000 }, (_, i) => `station-${i},${(i % 500) / 10}`);
    const big = Buffer.from(`station,pm25\n${rows.join('\n')}\n`);
    expect(big.length).toBeGreaterThan(7 * 1024 * 1024);
    const r = await announce('local-upload-big', { 'data.csv': big });
    expect((await put(r.uploads[0] as Upload, big)).status).toBe(200);
    await p.uploadsSettled();
    const checked = await stateOf(r.id);
    expect(checked.state).toBe('checks-passed');
    expect(checked.checks.rowsRead).toBe(400_000);
  }, 60_000);

  it('stores nothing that is not exactly the signed upload, and says why', async () => {
    const good = Buffer.from('station,pm25\nnorth,12.5\n');
    const r = await announce('local-upload-refused', { 'data.csv': good });
    const u = r.uploads[0] as Upload;

    const other = Buffer.from('station,pm25\nnorth,99.9\n'); // same length, other bytes
    const differs = await put(u, other);
    expect(differs.status).toBe(400);
    expect((await differs.json()).detail).toMatch(/differ from the announced file .*: nothing was stored/);

    const shorter = await put(u, Buffer.from('station\n'));
    expect(shorter.status).toBe(400);

    const tampered = new URL(u.url);
    tampered.searchParams.set('bytes', String(other.length + 1));
    const forged = await put(u, good, tampered.toString());
    expect(forged.status).toBe(403);
    expect((await forged.json()).detail).toMatch(/does not match its signature/);

    const elsewhere = new URL(u.url);
    elsewhere.pathname = elsewhere.pathname.replace('data.csv', 'other.csv');
    expect((await put(u, good, elsewhere.toString())).status).toBe(403);

    await p.uploadsSettled();
    expect((await stateOf(r.id)).state).toBe('draft');
    // The genuine upload still works afterwards.
    expect((await put(u, good)).status).toBe(200);
    await p.uploadsSettled();
    expect((await stateOf(r.id)).state).toBe('checks-passed');
  });
});
