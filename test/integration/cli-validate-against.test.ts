import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api } from '../support/release-fixtures.ts';

const root = join(import.meta.dirname, '..', '..');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {}, cwd: root }, out, err };
}

/** `opendata validate --against <url>`: the breaking-change rule against the platform's latest version. */
describe('opendata validate --against', () => {
  let p: Awaited<ReturnType<typeof startTestPlatform>>;
  let work: string;
  let manifest: string;
  beforeAll(async () => {
    p = await startTestPlatform({ only: ['seattle-weather'] });
    work = await mkdtemp(join(tmpdir(), 'cli-validate-against-'));
    await cp(join(root, 'datasets', 'publishers.yaml'), join(work, 'publishers.yaml'));
    await cp(join(root, 'datasets', 'licenses.yaml'), join(work, 'licenses.yaml'));
    await cp(join(root, 'datasets', 'seattle-weather'), join(work, 'seattle-weather'), { recursive: true });
    manifest = await readFile(join(work, 'seattle-weather', 'dataset.yaml'), 'utf8');
  }, 120_000);
  afterAll(async () => {
    await p?.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  const validate = async (...extra: string[]) => {
    const c = capture();
    const code = await main(['validate', join(work, 'seattle-weather'), '--against', p.url, ...extra], c.io);
    return { code, out: c.out.join('\n'), err: c.err.join('\n') };
  };
  // `wind` graded internal: no longer published, so the next version would drop a published field.
  const withoutWind = () =>
    manifest.replace('  - name: wind\n    type: number\n', '  - name: wind\n    type: number\n    grade: internal\n');

  it('passes an unchanged schema', async () => {
    await writeFile(join(work, 'seattle-weather', 'dataset.yaml'), manifest);
    expect((await validate()).code).toBe(0);
  });

  it('refuses a published field dropped without `breaking`, as the platform would at submission', async () => {
    await writeFile(join(work, 'seattle-weather', 'dataset.yaml'), withoutWind());
    const human = await validate();
    expect(human.code).toBe(1);
    // About the release as a whole: no file, row or field, so no location before the message.
    expect(human.out).toMatch(/^ {2}\[schema\/breaking-change\] breaking change against version \d+: /m);
    expect(human.out).not.toContain('[schema/breaking-change] :');
    const r = await validate('--json');
    const body = JSON.parse(r.out) as {
      valid: boolean;
      issues: Array<{ type: string; message: string; hint: string }>;
    };
    expect(body.valid).toBe(false);
    expect(body.issues).toEqual([
      expect.objectContaining({
        type: 'schema/breaking-change',
        message: expect.stringContaining('field "wind" removed'),
        hint: expect.stringContaining('breaking'),
      }),
    ]);
    // Without --against the same folder passes: only the platform's catalogue knows the published schema.
    const c = capture();
    expect(await main(['validate', join(work, 'seattle-weather')], c.io)).toBe(0);
  });

  it('passes the same change once the manifest declares it breaking', async () => {
    await writeFile(
      join(work, 'seattle-weather', 'dataset.yaml'),
      `${withoutWind()}breaking:\n  note: wind speed is withdrawn until its unit is confirmed\n`,
    );
    expect((await validate()).code).toBe(0);
  });

  it('exits 2 naming the URL when the platform cannot be reached or is not a platform', async () => {
    await writeFile(join(work, 'seattle-weather', 'dataset.yaml'), manifest);
    const c = capture();
    expect(await main(['validate', join(work, 'seattle-weather'), '--against', 'http://127.0.0.1:9'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/--against: cannot reach http:\/\/127\.0\.0\.1:9/);
    const d = capture();
    expect(await main(['validate', join(work, 'seattle-weather'), '--against', `${p.url}/site`], d.io)).toBe(2);
    expect(d.err.join('\n')).toMatch(
      /--against: .* answered \d+ for \/v1\/datasets\/seattle-weather\/versions\/latest/,
    );
  });
  it('exits 2 naming the URL for the platform\'s "no API route" 404 (a base URL ending in /v1), not a skip', async () => {
    await writeFile(join(work, 'seattle-weather', 'dataset.yaml'), withoutWind());
    for (const against of [`${p.url}/v1`, `${p.url}/v1/`]) {
      const c = capture();
      expect(await main(['validate', join(work, 'seattle-weather'), '--against', against], c.io)).toBe(2);
      const err = c.err.join('\n');
      expect(err).toContain(`--against: ${against}`);
      expect(err).toMatch(/answered 404 for \/v1\/datasets\/seattle-weather\/versions\/latest: no API route/);
      expect(err).not.toMatch(/no published version/);
    }
    const c = capture();
    await main(['validate', join(work, 'seattle-weather'), '--against', `${p.url}/v1`], c.io);
    expect(c.err.join('\n')).toContain('without the /v1');
  });

  it('skips the check only when the platform says the dataset has no published version', async () => {
    // A dataset the platform has never published: its own 404 for the dataset, a first release.
    await cp(join(work, 'seattle-weather'), join(work, 'seattle-weather-new'), { recursive: true });
    await writeFile(
      join(work, 'seattle-weather-new', 'dataset.yaml'),
      withoutWind().replace('id: seattle-weather\n', 'id: seattle-weather-new\n'),
    );
    const c = capture();
    expect(await main(['validate', join(work, 'seattle-weather-new'), '--against', p.url], c.io)).toBe(0);
    expect(c.err.join('\n')).toContain(`no published version of seattle-weather-new at ${p.url}`);

    // Every version withdrawn: the platform's 410 for the dataset, nothing left to break (last: it changes the platform).
    const w = await api(p.url, 'POST', '/v1/datasets/seattle-weather/versions/1/withdraw', {
      token: 'admin',
      body: { reason: 'test: every version withdrawn' },
    });
    expect(w.status).toBe(200);
    const d = capture();
    expect(await main(['validate', join(work, 'seattle-weather'), '--against', p.url], d.io)).toBe(0);
    expect(d.err.join('\n')).toContain(`no published version of seattle-weather at ${p.url}`);
  });
});
