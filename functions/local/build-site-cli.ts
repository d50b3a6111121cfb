import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './platform.ts';

/**
 * `npm run site:build [snapshot.json] [outDir]`: builds the catalogue site from a catalogue snapshot
 * (the one `npm start` writes to .data/catalog/snapshot.json, or the test fixture by default).
 */
const [snapshotArg, outArg] = process.argv.slice(2);
const snapshotPath = resolve(snapshotArg ?? join(REPO_ROOT, 'test', 'fixtures', 'catalog-snapshot.json'));
const outDir = resolve(outArg ?? join(REPO_ROOT, 'dist', 'site'));
const { buildSite } = (await import(pathToFileURL(join(REPO_ROOT, 'site', 'build.ts')).href)) as {
  buildSite: (o: { snapshotPath: string; outDir: string }) => Promise<{ pages: number; ms: number }>;
};
const r = await buildSite({ snapshotPath, outDir });
console.log(`Built ${r.pages} pages from ${snapshotPath} into ${outDir} in ${(r.ms / 1000).toFixed(1)} s`);
