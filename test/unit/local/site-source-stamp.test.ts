import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteSourceStamp } from '../../../functions/local/site-source-stamp.ts';

/**
 * `npm start` rebuilds the site when the code it is built from changed (a `git pull`), not only when the
 * catalogue did: the stamp of the site's sources and of functions/ goes into the site's build hash.
 */
describe('siteSourceStamp', () => {
  let root: string;
  const file = (rel: string) => join(root, rel);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'opendata-stamp-'));
    for (const dir of ['site/src/views', 'functions/core', 'bench']) await mkdir(file(dir), { recursive: true });
    await writeFile(file('site/src/views/NotFound.astro'), '<h1>404</h1>');
    await writeFile(file('functions/core/format.ts'), 'export const x = 1;');
    await writeFile(file('bench/run.ts'), 'not part of the site');
    await writeFile(file('package-lock.json'), '{}');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('stays the same while nothing the site is built from changes', async () => {
    const before = await siteSourceStamp(root);
    expect(await siteSourceStamp(root)).toBe(before);
    await writeFile(file('bench/run.ts'), 'changed, but the site does not import it');
    expect(await siteSourceStamp(root)).toBe(before);
  });

  it('changes with a site source, the code it imports, a new file, or the locked dependencies', async () => {
    const stamps = [await siteSourceStamp(root)];
    await writeFile(file('site/src/views/NotFound.astro'), '<h1>404 — not found</h1>');
    stamps.push(await siteSourceStamp(root));
    // Same size, another modification time (what a checkout of other code leaves).
    await writeFile(file('functions/core/format.ts'), 'export const y = 2;');
    await utimes(file('functions/core/format.ts'), new Date(), new Date(Date.now() + 5_000));
    stamps.push(await siteSourceStamp(root));
    await writeFile(file('functions/core/new.ts'), '');
    stamps.push(await siteSourceStamp(root));
    await writeFile(file('package-lock.json'), '{"lockfileVersion":3}');
    stamps.push(await siteSourceStamp(root));
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});
