import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';

/**
 * A malformed percent-escape in the path is the client's mistake: the local server answers 400
 * problem+json naming the segment, as every other refusal, not 500. (In AWS, API Gateway decodes path
 * parameters and CloudFront/S3 answer /files/ paths: no handler decodes the raw path.)
 */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
}, 120_000);
afterAll(async () => {
  await p?.cleanup();
});

describe('malformed percent-encoding in the path', () => {
  it.each([
    ['/v1/datasets/%ff', 'path.id', '%ff'],
    ['/v1/datasets/%e4%b8/versions', 'path.id', '%e4%b8'],
    ['/v1/feeds/datasets/%ff', 'path.id', '%ff'],
    ['/v1/datasets/x/versions/%zz', 'path.version', '%zz'],
    ['/files/%ff', 'path', '%ff'],
    ['/files/x/v000001/%ff.csv', 'path', '%ff.csv'],
  ])('%s answers 400 problem+json naming the segment', async (path, where, segment) => {
    const r = await fetch(`${p.url}${path}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = (await r.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: '/problems/bad-request',
      status: 400,
      detail: `the path segment "${segment}" is not valid percent-encoding`,
      hint: expect.stringContaining('%25'),
      errors: [{ where, message: 'malformed percent-encoding' }],
      instance: path,
    });
  });

  it('is not logged as a failure, and well-formed escapes still reach the route', async () => {
    expect(p.logs.filter((l) => l.includes('request failed'))).toEqual([]);
    const chinese = await fetch(`${p.url}/v1/datasets/%E4%B8%AD`);
    expect(chinese.status).toBe(404);
    expect(((await chinese.json()) as { detail: string }).detail).toContain('中');
    expect((await fetch(`${p.url}/files/no-such/v000001/data.csv`)).status).toBe(404);
  });
});
