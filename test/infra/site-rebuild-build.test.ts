import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
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

/**
 * `aws s3api list-objects-v2 --query 'Contents[0].ETag'` (the ETag, or `None` as the real CLI prints when
 * nothing matches), `aws s3 cp`, `aws s3 sync --delete`, `aws cloudfront create-invalidation` on folders
 * under $FAKE_AWS.
 */
const FAKE_AWS = `#!/usr/bin/env node
const { cpSync, rmSync, mkdirSync, appendFileSync } = require('node:fs');
const { join, dirname } = require('node:path');
const root = process.env.FAKE_AWS;
const args = process.argv.slice(2);
const s3 = (url) => join(root, 's3', url.replace(/^s3:\\/\\//, ''));
appendFileSync(join(root, 'calls.log'), JSON.stringify(args) + '\\n');
const opt = (name) => args[args.indexOf(name) + 1];
if (args[0] === 's3api' && args[1] === 'list-objects-v2' && opt('--query') === 'Contents[0].ETag') {
  const file = join(root, 's3', opt('--bucket'), opt('--prefix'));
  if (!require('node:fs').existsSync(file)) process.stdout.write('None\\n');
  else {
    const body = require('node:fs').readFileSync(file);
    process.stdout.write('"' + require('node:crypto').createHash('md5').update(body).digest('hex') + '"\\n');
  }
} else if (args[0] === 's3' && args[1] === 'cp' && args[3].startsWith('s3://')) {
  mkdirSync(dirname(s3(args[3])), { recursive: true });
  cpSync(args[2], s3(args[3]));
} else if (args[0] === 's3' && args[1] === 'cp') {
  mkdirSync(dirname(args[3]), { recursive: true });
  cpSync(s3(args[2]), args[3]);
} else if (args[0] === 's3' && args[1] === 'sync' && args.includes('--delete')) {
  rmSync(s3(args[3]), { recursive: true, force: true });
  cpSync(args[2], s3(args[3]), { recursive: true });
  // A publication during the first build: the pipeline writes a newer snapshot.
  const next = process.env.FAKE_AWS_NEXT_SNAPSHOT;
  if (next && require('node:fs').existsSync(next)) {
    cpSync(next, s3('s3://' + process.env.PUBLISHED_BUCKET + '/' + process.env.SNAPSHOT_KEY));
    rmSync(next);
  }
} else if (args[0] === 'cloudfront' && args[1] === 'create-invalidation') {
  // recorded above
} else {
  console.error('fake aws: unexpected command ' + args.join(' '));
  process.exit(2);
}
`;

let work: string;
let src: string;
let fake: string;
let calls: string[][] = [];
let fixture: Json;
let buildCommands: string[];
let compute: Json;

/**
 * The stand-in aws CLI's folder: the published bucket holding `snapshot` (none: a new stage), the site
 * bucket a stale page.
 */
async function fakeAws(root: string, snapshot: string | undefined): Promise<void> {
  await mkdir(join(root, 'bin'), { recursive: true });
  await writeFile(join(root, 'bin', 'aws'), FAKE_AWS);
  await chmod(join(root, 'bin', 'aws'), 0o755);
  await mkdir(join(root, 's3', 'published-bucket'), { recursive: true });
  if (snapshot !== undefined) {
    const snapshotObject = join(root, 's3', 'published-bucket', SITE_BUILD.snapshotKey);
    await mkdir(join(snapshotObject, '..'), { recursive: true });
    await writeFile(snapshotObject, snapshot);
  }
  await mkdir(join(root, 's3', 'site-bucket'), { recursive: true });
  await writeFile(join(root, 's3', 'site-bucket', 'stale.html'), 'old');
}

/** Runs the build phase's commands in order, as CodeBuild does (each in its own shell). */
async function runBuild(root: string, extra: Record<string, string> = {}): Promise<void> {
  const env = {
    ...process.env,
    PATH: `${join(root, 'bin')}:${process.env.PATH}`,
    FAKE_AWS: root,
    SNAPSHOT_KEY: SITE_BUILD.snapshotKey,
    PUBLISHED_BUCKET: 'published-bucket',
    SITE_BUCKET: 'site-bucket',
    DISTRIBUTION_ID: 'E2STANDIN',
    PUBLIC_BASE_URL: 'https://opendata.example.gov',
    ASTRO_TELEMETRY_DISABLED: '1',
    ...extra,
  };
  for (const command of buildCommands) {
    await run('sh', ['-c', command], { cwd: src, env, timeout: 240_000, maxBuffer: 64 << 20 });
  }
}

const callsOf = async (root: string) =>
  (await readFile(join(root, 'calls.log'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'site-rebuild-'));
  src = join(work, 'src');
  fake = join(work, 'aws');
  FileSystem.copyDirectory(REPO_ROOT, src, { exclude: siteAssetExcludes(), ignoreMode: IgnoreMode.GIT });
  await symlink(join(REPO_ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
  compute = synth().compute;
  const [project] = Object.values(resourcesOf(compute, 'AWS::CodeBuild::Project')) as Json[];
  buildCommands = JSON.parse(project.Properties.Source.BuildSpec).phases.build.commands;

  // Two of the fixture's datasets (a build of the fixture itself would show all five); a third is
  // published while the first build runs.
  fixture = JSON.parse(await readFile(join(REPO_ROOT, 'test/fixtures/catalog-snapshot.json'), 'utf8'));
  await fakeAws(fake, JSON.stringify({ ...fixture, datasets: fixture.datasets.slice(0, 2) }));
  const next = join(work, 'next-snapshot.json');
  await writeFile(next, JSON.stringify({ ...fixture, datasets: fixture.datasets.slice(0, 3) }));
  await runBuild(fake, { FAKE_AWS_NEXT_SNAPSHOT: next });
  calls = await callsOf(fake);
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('site rebuild (CodeBuild build phase, staged asset, stand-in aws CLI)', () => {
  it('publishes the downloaded snapshot (not the fixture the CLI builds by default), as it was after the build', async () => {
    const site = join(fake, 's3', 'site-bucket');
    expect(existsSync(join(site, 'index.html'))).toBe(true);
    expect(existsSync(join(site, 'en', 'index.html'))).toBe(true);
    expect(existsSync(join(site, 'pagefind'))).toBe(true);
    const ids = (fixture.datasets as Json[]).map((d) => d.entry.id as string);
    expect(ids.length).toBeGreaterThan(2);
    for (const [i, id] of ids.entries()) {
      expect(existsSync(join(site, 'datasets', id, 'index.html')), id).toBe(i < 3);
    }
  });

  it('replaces what the site bucket held (sync --delete)', () => {
    expect(existsSync(join(fake, 's3', 'site-bucket', 'stale.html'))).toBe(false);
  });

  it('invalidates the whole distribution after each sync, and builds again when the snapshot changed meanwhile', () => {
    const steps = calls.map((c) => c.slice(0, 2).join(' ')).filter((c) => c !== 's3api list-objects-v2');
    expect(steps).toEqual([
      's3 cp',
      's3 sync',
      'cloudfront create-invalidation',
      's3 cp',
      's3 sync',
      'cloudfront create-invalidation',
      's3 cp',
    ]);
    const invalidation = calls.find((c) => c[1] === 'create-invalidation');
    expect(invalidation).toEqual([
      'cloudfront',
      'create-invalidation',
      '--distribution-id',
      'E2STANDIN',
      '--paths',
      '/*',
    ]);
  });

  it('records the snapshot the site was built from last (the hourly maintenance retries a failed build)', async () => {
    const published = join(fake, 's3', 'published-bucket');
    const snapshot = await readFile(join(published, SITE_BUILD.snapshotKey));
    const marker = JSON.parse(await readFile(join(published, SITE_BUILD.markerKey), 'utf8'));
    expect(marker).toEqual({ snapshotSha256: createHash('sha256').update(snapshot).digest('hex') });
  });

  it("serves every page and asset the built pages link to, through the distribution's index rewrite", async () => {
    const site = join(fake, 's3', 'site-bucket');
    const dist = (Object.values(resourcesOf(compute, 'AWS::CloudFront::Distribution'))[0] as Json).Properties
      .DistributionConfig;
    // Paths of the other behaviours (API, published files) do not reach the site bucket.
    const elsewhere = (dist.CacheBehaviors as Json[]).map(
      (b) =>
        new RegExp(
          `^${String(b.PathPattern)
            .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
            .replaceAll('*', '.*')}$`,
        ),
    );
    const fnArn = JSON.stringify(dist.DefaultCacheBehavior.FunctionAssociations[0].FunctionARN);
    const [, fnResource] = Object.entries(resourcesOf(compute, 'AWS::CloudFront::Function')).find(([id]) =>
      fnArn.includes(id),
    ) as [string, Json];
    const rewrite = runInNewContext(`${fnResource.Properties.FunctionCode}; handler`) as (e: Json) => Json;

    const pages = (await readdir(site, { recursive: true })).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    const links = new Set<string>();
    for (const page of pages) {
      const html = await readFile(join(site, page), 'utf8');
      for (const [, url] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
        const path = (url ?? '').replace(/^https:\/\/opendata\.example\.gov(?=\/)/, '').replace(/[?#].*$/, '');
        if (path.startsWith('/') && !path.startsWith('//') && !elsewhere.some((re) => re.test(path))) links.add(path);
      }
    }
    expect(links.size).toBeGreaterThan(20);
    const missing = [...links].filter((path) => {
      const { uri } = rewrite({ request: { uri: path, headers: {}, querystring: {} } });
      return !existsSync(join(site, decodeURIComponent(uri)));
    });
    expect(missing).toEqual([]);
  });

  it('builds the site of an empty catalogue on a new stage, before the first snapshot exists', async () => {
    const fresh = join(work, 'aws-fresh');
    await fakeAws(fresh, undefined);
    await runBuild(fresh);
    const site = join(fresh, 's3', 'site-bucket');
    for (const page of ['index.html', 'en/index.html', '404.html', 'datasets/index.html']) {
      expect(existsSync(join(site, page)), page).toBe(true);
    }
    expect(existsSync(join(site, 'stale.html'))).toBe(false);
    for (const d of fixture.datasets as Json[]) expect(existsSync(join(site, 'datasets', d.entry.id))).toBe(false);
    // No download: the build wrote the empty snapshot itself, and the snapshot did not appear meanwhile.
    expect((await callsOf(fresh)).map((c) => c.slice(0, 2).join(' '))).toEqual([
      's3api list-objects-v2',
      's3 sync',
      'cloudfront create-invalidation',
      's3api list-objects-v2',
      's3 cp',
    ]);
  }, 300_000);

  it('may list the published bucket for the snapshot key only (to tell a missing snapshot from an error)', () => {
    const [roleId] = Object.keys(resourcesOf(compute, 'AWS::IAM::Role')).filter((id) =>
      id.startsWith('SiteRebuildRole'),
    );
    const statements = (Object.values(resourcesOf(compute, 'AWS::IAM::Policy')) as Json[])
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId as string))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
    const listings = statements.filter((st) => [st.Action].flat().includes('s3:ListBucket'));
    const published = listings.filter((st) => JSON.stringify(st.Resource).includes('PublishedBucketArn'));
    expect(published).toHaveLength(1);
    expect(published[0].Condition).toEqual({ StringEquals: { 's3:prefix': SITE_BUILD.snapshotKey } });
  });

  it('fails the build (the failed-build alarm) and syncs nothing when a step fails', async () => {
    const broken = join(work, 'aws-broken');
    await fakeAws(broken, '{"not": "a snapshot"}');
    await expect(runBuild(broken)).rejects.toThrow(/snapshot/i);
    expect((await callsOf(broken)).map((c) => c.slice(0, 2).join(' '))).not.toContain('s3 sync');
    expect(existsSync(join(broken, 's3', 'published-bucket', SITE_BUILD.markerKey))).toBe(false);
    expect(existsSync(join(broken, 's3', 'site-bucket', 'stale.html'))).toBe(true);
  });
});
