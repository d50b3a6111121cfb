import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';
import { api } from '../support/release-fixtures.ts';

/** The catalogue site follows the catalogue: a withdrawal made over the API shows on the rebuilt site. */
describe('site rebuilt after a change', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['mauna-loa-co2'], buildSite: true });
  }, 180_000);
  afterAll(() => p?.cleanup());

  it("renders the platform's own API reference (the document GET /v1/openapi.json serves)", async () => {
    const html = await (await fetch(`${p.url}/en/api/`)).text();
    expect(html).not.toContain('was not available when this site was built');
    const doc = (await (await fetch(`${p.url}/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/v1/datasets/{id}/query', '/v1/sql', '/v1/datasets/{id}/versions/{version}/{file}']) {
      expect(Object.keys(doc.paths)).toContain(path);
      expect(html).toContain(path);
    }
  });

  it('rebuilds the site in the background after a withdrawal, showing the reason', async () => {
    const reason = 'calibration error found in the 1958-2000 series';
    const w = await api(p.url, 'POST', '/v1/datasets/mauna-loa-co2/versions/1/withdraw', {
      token: 'admin',
      body: { reason },
    });
    expect(w.status).toBe(200);
    const stored = await p.deps.blobs.readBytes('catalog/snapshot.json');
    const snapshot = JSON.parse(Buffer.from(stored ?? []).toString('utf8')) as {
      datasets: Array<{ versions: Array<{ version: number; state: string }> }>;
    };
    expect(snapshot.datasets[0]?.versions.find((v) => v.version === 1)?.state).toBe('withdrawn');
    let html = '';
    for (let i = 0; i < 120 && !html.includes(reason); i++) {
      await new Promise((r) => setTimeout(r, 500));
      html = await (await fetch(`${p.url}/datasets/mauna-loa-co2/`)).text();
    }
    expect(html).toContain(reason);
  }, 120_000);
});
