import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS } from '../../functions/http/cors.ts';
import { startTestPlatform } from '../support/platform.ts';

/**
 * Browser code calls the local platform as it calls AWS: the same CORS contract (functions/http/cors.ts,
 * which CloudFront and the HTTP API are configured from) on the API and the files, and none on the site.
 */

let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: ['cn-provinces'] });
});
afterAll(async () => {
  await p?.cleanup();
});

const ORIGIN = 'https://app.example.com';

describe('CORS on the local platform', () => {
  it('answers a preflight for POST /v1/sql with the allowed methods and headers', async () => {
    const res = await fetch(`${p.url}/v1/sql`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-api-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-api-key');
    expect(res.headers.get('access-control-max-age')).toBe(String(CORS.maxAgeSeconds));
  });

  it('allows the conditional and range headers the files answer (If-Match included) in a preflight', async () => {
    const asked = ['if-match', 'if-none-match', 'range', 'if-range'];
    const res = await fetch(`${p.url}/files/cn-provinces/v000001/data.csv`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': asked.join(', '),
      },
    });
    expect(res.status).toBe(204);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    for (const h of asked) expect(allowed, h).toContain(h);
    // And the file answers If-Match (412 when it does not match), so a browser's cross-origin one works.
    const file = await fetch(`${p.url}/files/cn-provinces/v000001/data.csv`, {
      headers: { origin: ORIGIN, 'if-match': '"not-the-etag"' },
    });
    expect(file.status).toBe(412);
    expect(file.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lets cross-origin code read answers, errors and their paging and rate headers', async () => {
    for (const path of ['/v1/datasets/cn-provinces/query?$limit=1', '/v1/datasets/no-such-dataset']) {
      const res = await fetch(`${p.url}${path}`, { headers: { origin: ORIGIN } });
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-expose-headers'), path).toContain('x-ratelimit-remaining');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
    const file = await fetch(`${p.url}/v1/datasets/cn-provinces/versions/1/data.csv`, { headers: { origin: ORIGIN } });
    expect(file.status).toBe(200);
    expect(file.url).toContain('/files/');
    expect(file.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('exposes what a client needs to resume and verify a file, page, follow and back off', async () => {
    const file = await fetch(`${p.url}/files/cn-provinces/v000001/data.csv`, {
      headers: { origin: ORIGIN, range: 'bytes=0-9' },
    });
    await file.arrayBuffer();
    expect(file.status).toBe(206);
    const exposed = (file.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    expect(file.headers.get('content-range')).toMatch(/^bytes 0-9\//);
    // A browser hides every response header but the CORS-safelisted ones unless it is exposed (Fetch standard).
    for (const h of [
      'content-range',
      'accept-ranges',
      'etag',
      'content-digest',
      'repr-digest',
      'link',
      'location',
      'retry-after',
      'x-truncated',
      'x-truncated-by',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-quota-limit',
      'x-quota-remaining',
      'x-quota-reset',
    ]) {
      expect(exposed, h).toContain(h);
    }
  });

  it('adds nothing without an Origin, nor on the site', async () => {
    const api = await fetch(`${p.url}/v1/health`);
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
    const site = await fetch(`${p.url}/`, { headers: { origin: ORIGIN } });
    expect(site.headers.get('access-control-allow-origin')).toBeNull();
  });
});
