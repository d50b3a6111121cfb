import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FileSystem, IgnoreMode } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/handler-functions.ts';
import { SITE_BUILD, siteAssetExcludes } from '../../infra/constructs/site-rebuild.ts';
import { type Json, resourcesOf, synth } from './helpers.ts';

/**
 * The site rebuild's build phase, run for real: the commands of the synthesized CodeBuild buildspec,
 * in order, in a copy of the repository staged with the asset's own exclusions, with an `aws` command
 * standing in for S3 and CloudFront on local folders. Only the install phase is replaced (the
 * repository's node_modules, linked in).
 */
const run = promisify(execFile);

/** `aws s3 cp`, `aws s3 sync --delete`, `aws cloudfront create-invalidation` on folders under $FAKE_AWS. */
const FAKE_AWS = `#!/usr/bin/env node
const { cpSync, rmSync, mkdirSync, appendFileSync } = require('node:fs');
const { join, dirname } = require('node:path');
const root = process.env.FAKE_AWS;
const args = process.argv.slice(2);
const s3 = (url) => join(root, 's3', url.replace(/^s3:\\/\\//, ''));
appendFileSync(join(root, 'calls.log'), JSON.stringify(args) + '\\n');
if (args[0] === 's3' && args[1] === 'cp') {
  mkdirSync(dirname(args[3]), { recursive: true });
  cpSync(s3(args[2]), args[3]);
} else if (args[0] === 's3' && args[1] === 'sync' && args.includes('--delete')) {
  rmSync(s3(args[3]), { recursive: true, force: true });
  cpSync(args[2], s3(args[3]), { recursive: true });
} else if (args[0] === 'cloudfront' && args[1] === 'create-invalidation') {
  // recorded above
} else {
  console.error('fake aws: unexpected command ' + args.join(' '));
  process.exit(2);
}
`;

let work: string;
let fake: string;
let calls: string[][] = [];
let fixture: Json;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'site-rebuild-'));
  const src = join(work, 'src');
  fake = join(work, 'aws');
  FileSystem.copyDirectory(REPO_ROOT, src, { exclude: siteAssetExcludes(), ignoreMode: IgnoreMode.GIT });
  await symlink(join(REPO_ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
  await mkdir(join(fake, 'bin'), { recursive: true });
  await writeFile(join(fake, 'bin', 'aws'), FAKE_AWS);
  await chmod(join(fake, 'bin', 'aws'), 0o755);
  // The published bucket holds the snapshot the pipeline wrote; the site bucket a stale page.
  const snapshotObject = join(fake, 's3', 'published-bucket', SITE_BUILD.snapshotKey);
  await mkdir(join(snapshotObject, '..'), { recursive: true });
  // Two of the fixture's datasets: a build of the fixture itself would show the others.
  fixture = JSON.parse(await readFile(join(REPO_ROOT, 'test/fixtures/catalog-snapshot.json'), 'utf8'));
  await writeFile(snapshotObject, JSON.stringify({ ...fixture, datasets: fixture.datasets.slice(0, 2) }));
  await mkdir(join(fake, 's3', 'site-bucket'), { recursive: true });
  await writeFile(join(fake, 's3', 'site-bucket', 'stale.html'), 'old');

  const { compute } = synth();
  const [project] = Object.values(resourcesOf(compute, 'AWS::CodeBuild::Project')) as Json[];
  const spec = JSON.parse(project.Properties.Source.BuildSpec);
  const env = {
    ...process.env,
    PATH: `${join(fake, 'bin')}:${process.env.PATH}`,
    FAKE_AWS: fake,
    PUBLISHED_BUCKET: 'published-bucket',
    SITE_BUCKET: 'site-bucket',
    DISTRIBUTION_ID: 'E2STANDIN',
    PUBLIC_BASE_URL: 'https://opendata.example.gov',
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  for (const command of spec.phases.build.commands as string[]) {
    await run('bash', ['-ec', command], { cwd: src, env, timeout: 240_000, maxBuffer: 64 << 20 });
  }
  calls = (await readFile(join(fake, 'calls.log'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('site rebuild (CodeBuild build phase, staged asset, stand-in aws CLI)', () => {
  it('publishes the downloaded snapshot, not the fixture the CLI builds by default', async () => {
    const site = join(fake, 's3', 'site-bucket');
    expect(existsSync(join(site, 'index.html'))).toBe(true);
    expect(existsSync(join(site, 'en', 'index.html'))).toBe(true);
    expect(existsSync(join(site, 'pagefind'))).toBe(true);
    const ids = (fixture.datasets as Json[]).map((d) => d.entry.id as string);
    expect(ids.length).toBeGreaterThan(2);
    for (const [i, id] of ids.entries()) {
      expect(existsSync(join(site, 'datasets', id, 'index.html')), id).toBe(i < 2);
    }
  });

  it('replaces what the site bucket held (sync --delete)', () => {
    expect(existsSync(join(fake, 's3', 'site-bucket', 'stale.html'))).toBe(false);
  });

  it('invalidates the whole distribution after the sync', () => {
    expect(calls.map((c) => c.slice(0, 2).join(' '))).toEqual(['s3 cp', 's3 sync', 'cloudfront create-invalidation']);
    expect(calls[2]).toEqual(['cloudfront', 'create-invalidation', '--distribution-id', 'E2STANDIN', '--paths', '/*']);
  });
});
