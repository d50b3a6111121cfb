import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileSystem, IgnoreMode } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/handler-functions.ts';
import { siteAssetExcludes } from '../../infra/constructs/site-rebuild.ts';

/**
 * The site build's source asset is staged by CDK's own copy with the construct's exclusions: a tree
 * holding the repository's .gitignore and one file of each kind shows what would be uploaded.
 */
let root: string;
let staged: string;

/** What the asset must not hold: ignored, local or not needed by the build. */
const LEFT_OUT = [
  '.env',
  'dist/site/index.html',
  '.astro/types.d.ts',
  'site/.astro/content.d.ts',
  'site/dist/index.html',
  'node_modules/pkg/index.js',
  '.data/catalog/snapshot.json',
  'cdk.out/manifest.json',
  'test/unit/a.test.ts',
  'bench/gate/run.ts',
  'docs/deploy.md',
  'datasets/seattle-weather/seattle-weather.csv',
];
/** What the build needs. */
const KEPT = [
  'datasets/seattle-weather/dataset.yaml',
  'datasets/publishers.yaml',
  'site/src/pages/index.astro',
  'functions/core/catalog/schema.ts',
  'scripts/with-node24.mjs',
  'package.json',
  'package-lock.json',
];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'site-asset-'));
  staged = await mkdtemp(join(tmpdir(), 'site-asset-staged-'));
  await copyFile(join(REPO_ROOT, '.gitignore'), join(root, '.gitignore'));
  for (const f of [...LEFT_OUT, ...KEPT]) {
    await mkdir(dirname(join(root, f)), { recursive: true });
    await writeFile(join(root, f), 'x');
  }
  FileSystem.copyDirectory(root, staged, { exclude: siteAssetExcludes(root), ignoreMode: IgnoreMode.GIT });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(staged, { recursive: true, force: true });
});

describe('site build source asset', () => {
  it.each(LEFT_OUT)('leaves out %s', (f) => {
    expect(existsSync(join(staged, f))).toBe(false);
  });

  it.each([...KEPT, '.gitignore'])('keeps %s, which the build needs', (f) => {
    expect(existsSync(join(staged, f))).toBe(true);
  });
});
