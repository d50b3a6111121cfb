import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { start } from '../../functions/local/platform.ts';

/**
 * The platform under benchmark, in its own process (so the load generator does not share its event
 * loop): publishes us-flights-3m through the real release pipeline, then prints one READY line.
 */
const dataDir = await mkdtemp(join(tmpdir(), 'opendata-bench-data-'));
const t0 = Date.now();
const p = await start({
  port: 0,
  dataDir,
  only: ['us-flights-3m'],
  buildSite: false,
  log: (l) => process.stderr.write(`${l}\n`),
});
const record = (await p.deps.catalog.getVersion('us-flights-3m', 1))?.value;
if (!record) throw new Error('us-flights-3m was not published');
const blobs = p.deps.blobs as FsBlobStore;
const artifacts = Object.fromEntries(
  record.artifacts.map((a) => [a.name, { path: blobs.pathOf(a.key), bytes: a.bytes }]),
);
process.stdout.write(
  `READY ${JSON.stringify({ url: p.url, adminToken: p.adminToken, pid: process.pid, publishMs: Date.now() - t0, artifacts, fields: record.fields, primaryKey: record.primaryKey ?? [] })}\n`,
);
const stop = async () => {
  await p.stop();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
