import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'astro';
import * as pagefind from 'pagefind';
import { buildOpenApi } from '../functions/http/openapi/build-openapi.ts';
import { appVersion } from '../functions/local/app-version.ts';
import { OPENAPI_ENV } from './src/lib/openapi.ts';
import { PAGE_SIZE_ENV } from './src/lib/paging.ts';
import { readSnapshot, SNAPSHOT_ENV } from './src/lib/read-snapshot.ts';

/** The Astro project root (this file's folder). */
export const SITE_ROOT = dirname(fileURLToPath(import.meta.url));

export interface BuildSiteOptions {
  /** Catalogue snapshot JSON written by the pipeline (validated with the shared CatalogSnapshot schema). */
  snapshotPath: string;
  /** Where the static site goes; it is emptied first. */
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
  // into a private staging folder under <cwd>/.astro/ and renaming it keeps concurrent builds apart.
  const underCwd = !relative(process.cwd(), outDir).startsWith('..');
  const staging = underCwd
    ? outDir
    : join(process.cwd(), '.astro', `site-build-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await rm(outDir, { recursive: true, force: true });
    await mkdir(dirname(staging), { recursive: true });
    await build({
      root: SITE_ROOT,
      outDir: staging,
      site: siteUrl,
      logLevel: opts.logLevel ?? 'warn',
    });
    if (staging !== outDir) {
      await mkdir(dirname(outDir), { recursive: true });
      await rename(staging, outDir).catch(async (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EXDEV') throw e;
        await cp(staging, outDir, { recursive: true });
      });
    }
  } finally {
    if (staging !== outDir) await rm(staging, { recursive: true, force: true });
    restore(SNAPSHOT_ENV, saved.catalog);
    restore(OPENAPI_ENV, saved.openapi);
    if (generatedOpenApi) await rm(generatedOpenApi, { force: true });
    restore(PAGE_SIZE_ENV, saved.pageSize);
  }

  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    const added = await index.addDirectory({ path: outDir });
    if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
    if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
  return { pages: await countHtml(outDir), ms: Math.round(performance.now() - started) };
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
