import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, DATASET, DEPARTMENT, startCommunityPlatform } from './feedback-support.ts';

let p: Awaited<ReturnType<typeof startCommunityPlatform>>;
beforeAll(async () => {
  p = await startCommunityPlatform();
  // A withdrawal is an event too: mark v1 withdrawn in the catalogue as the lifecycle would.
  const v = await p.deps.catalog.getVersion(DATASET, 1);
  if (!v) throw new Error('seed did not publish v1');
  await p.deps.catalog.updateVersion(
    {
      ...v.value,
      state: 'withdrawn',
      withdrawn: { reason: 'Wrong units in one column', at: new Date().toISOString(), by: 'admin' },
    },
    v.revision,
  );
});
afterAll(async () => p?.cleanup());

describe('Atom feeds', () => {
  it('serves a dataset feed with versions and withdrawals', async () => {
    const r = await call(p.url, `/v1/feeds/datasets/${DATASET}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/atom+xml');
    expect(r.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(r.text).toContain('term="version.published"');
    expect(r.text).toContain('term="version.withdrawn"');
    expect(r.text).toContain('Withdrawn: Wrong units in one column');
  });

  it('serves a department feed and 404s for unknown ones', async () => {
    const r = await call(p.url, `/v1/feeds/departments/${DEPARTMENT}`);
    expect(r.status).toBe(200);
    expect((r.text.match(/<entry>/g) ?? []).length).toBe(2);
    expect((await call(p.url, '/v1/feeds/departments/nobody')).status).toBe(404);
    expect((await call(p.url, '/v1/feeds/datasets/nothing')).status).toBe(404);
  });
});
