import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'astro';
import * as pagefind from 'pagefind';
import type { DatasetEntry } from '../functions/core/catalog/schema.ts';
import { buildOpenApi } from '../functions/http/openapi/build-openapi.ts';
import { appVersion } from '../functions/local/app-version.ts';
import { swapPaths } from '../functions/local/site-swap.ts';
import { addFoldedPages } from './pagefind-index.ts';
import { OPENAPI_ENV } from './src/lib/openapi.ts';
import { PAGE_SIZE_ENV } from './src/lib/paging.ts';
import { readSnapshot, SNAPSHOT_ENV } from './src/lib/read-snapshot.ts';

/** The Astro project root (this file's folder). */
export const SITE_ROOT = dirname(fileURLToPath(import.meta.url));

export interface BuildSiteOptions {
  /** Catalogue snapshot JSON written by the pipeline (validated with the shared CatalogSnapshot schema). */
  snapshotPath: string;
  /** Where the static site goes; replaced as a whole once the new site is complete (the old one is served until then). */
  outDir: string;
  /** Public URL of the site, for canonical links, sitemap and DCAT; defaults to the origin of apiBaseUrl. */
  siteUrl?: string;
  /**
   * OpenAPI document (JSON or YAML) rendered at /api/; defaults to $OPENDATA_OPENAPI, else the platform's
   * own document (the one GET /v1/openapi.json serves, generated from the same routes and schemas).
   */
  openApiPath?: string;
  /** Datasets per listing page (default 50). */
  pageSize?: number;
  /** Astro log level (default "warn"). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** Serialises builds in one process: the snapshot path travels in process.env. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Builds the catalogue site from a snapshot: Astro static build (root site/) into outDir, then a
 * Pagefind index (one per <html lang>: zh-CN and en) into outDir/pagefind.
 */
export function buildSite(opts: BuildSiteOptions): Promise<{ pages: number; ms: number }> {
  const run = queue.then(() => buildOnce(opts));
  queue = run.catch(() => undefined);
  return run;
}

async function buildOnce(opts: BuildSiteOptions): Promise<{ pages: number; ms: number }> {
  const started = performance.now();
  const snapshotPath = resolve(opts.snapshotPath);
  const outDir = resolve(opts.outDir);
  // Fail fast, with the path in the message, before Astro starts.
  const snapshot = readSnapshot(snapshotPath);
  const siteUrl = opts.siteUrl ?? `${new URL(snapshot.apiBaseUrl).origin}/`;

  const saved = {
    catalog: process.env[SNAPSHOT_ENV],
    openapi: process.env[OPENAPI_ENV],
    pageSize: process.env[PAGE_SIZE_ENV],
  };
  process.env[SNAPSHOT_ENV] = snapshotPath;
  if (opts.pageSize !== undefined) process.env[PAGE_SIZE_ENV] = String(opts.pageSize);
  let generatedOpenApi: string | undefined;
  if (opts.openApiPath !== undefined) process.env[OPENAPI_ENV] = resolve(opts.openApiPath);
  else if (!process.env[OPENAPI_ENV]) {
    generatedOpenApi = join(tmpdir(), `opendata-openapi-${process.pid}-${randomBytes(4).toString('hex')}.json`);
    await writeFile(generatedOpenApi, JSON.stringify(buildOpenApi({ version: await appVersion() })));
    process.env[OPENAPI_ENV] = generatedOpenApi;
  }
  process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
  // Astro writes its intermediate server bundle (.prerender/) inside outDir when outDir is under
  // process.cwd(), else in <cwd>/.astro/ — shared by every build started from that folder, so two
  // processes building at once (test files, a bench) would overwrite each other's chunks. Building
  // into a private staging folder under cwd keeps concurrent builds apart. And the site being served
  // (the local platform serves outDir while it rebuilds) stays whole until the new one is: the build and
  // its search index go to staging, which then takes outDir's place (swapOutput).
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const underCwd = !relative(process.cwd(), outDir).startsWith('..');
  const staging = underCwd
    ? join(dirname(outDir), `.${basename(outDir)}-build-${tag}`)
    : join(process.cwd(), '.astro', `site-build-${tag}`);
  // Astro keeps the content layer's data store (data-store.json: the datasets the loader read) and its
  // build cache in cacheDir, by default site/node_modules/.astro/, shared by every build of the site: a
  // build running at the same time as another (test files, a bench) read the other's datasets. Each
  // build gets its own, next to its staging folder (not in it: staging becomes the site), deleted after.
  const cacheDir = `${staging}-cache`;
  try {
    await mkdir(dirname(staging), { recursive: true });
    await build({
      root: SITE_ROOT,
      outDir: staging,
      cacheDir,
      site: siteUrl,
      logLevel: opts.logLevel ?? 'warn',
    });
    await placeEnglishNotFound(staging);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
    restore(SNAPSHOT_ENV, saved.catalog);
    restore(OPENAPI_ENV, saved.openapi);
    if (generatedOpenApi) await rm(generatedOpenApi, { force: true });
    restore(PAGE_SIZE_ENV, saved.pageSize);
  }

  try {
    await indexForSearch(
      staging,
      snapshot.datasets.map((d) => d.entry),
    );
    await swapOutput(staging, outDir, tag);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { pages: await countHtml(outDir), ms: Math.round(performance.now() - started) };
}

/**
 * Astro writes `404.astro` as `404.html` but `en/404.astro` as `en/404/index.html` (directory format):
 * the English one goes next to the default as `en/404.html`, where the servers look for it
 * (functions/local/serve-static.ts), and /en/404/ is no page of its own.
 */
async function placeEnglishNotFound(dir: string): Promise<void> {
  const built = join(dir, 'en', '404', 'index.html');
  if (!(await stat(built).catch(() => undefined))?.isFile()) return;
  await rename(built, join(dir, 'en', '404.html'));
  await rm(join(dir, 'en', '404'), { recursive: true, force: true });
}

/** Writes the Pagefind index (one per <html lang>: zh-CN and en) of the built site in `dir` into dir/pagefind. */
async function indexForSearch(dir: string, entries: readonly DatasetEntry[]): Promise<void> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    // Traditional Chinese folded to simplified, as search queries are (pagefind-index.ts).
    // Facet filters on the dataset pages, for the offline search's filters (pagefind-index.ts).
    const added = await addFoldedPages(index, dir, entries);
    if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
    if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}

/**
 * Puts the complete site in `staging` in `outDir`'s place (functions/local/site-swap.ts): next to
 * outDir first (a copy when staging is on another filesystem), then the old output renamed aside, the
 * new one renamed in, the old deleted. A server reading outDir sees the old site until the renames,
 * never a half-written one; the local server waits out the instant between them, and files already
 * open keep reading the old copy.
 */
async function swapOutput(staging: string, outDir: string, tag: string): Promise<void> {
  await mkdir(dirname(outDir), { recursive: true });
  const { next, old } = swapPaths(outDir, tag);
  try {
    await rename(staging, next).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EXDEV') throw e;
      await cp(staging, next, { recursive: true });
    });
    const hadOutput = await rename(outDir, old).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return false;
        throw e;
      },
    );
    try {
      await rename(next, outDir);
    } catch (e) {
      if (hadOutput) await rename(old, outDir);
      throw e;
    }
  } finally {
    await Promise.all([rm(next, { recursive: true, force: true }), rm(old, { recursive: true, force: true })]);
  }
}

function restore(key: string, value: string | undefined) {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

async function countHtml(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'pagefind' && e.name !== '_astro') n += await countHtml(p);
    } else if (e.name.endsWith('.html') && (await stat(p)).isFile()) n++;
  }
  return n;
}

// CLI: node site/build.ts <snapshot.json> <outDir>
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [snapshotPath, outDir] = process.argv.slice(2);
  if (!snapshotPath || !outDir) {
    console.error('usage: node site/build.ts <catalog-snapshot.json> <outDir>');
    process.exit(2);
  }
  buildSite({ snapshotPath, outDir, logLevel: 'info' }).then(
    (r) => console.log(`built ${r.pages} pages in ${r.ms} ms → ${resolve(outDir)}`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
