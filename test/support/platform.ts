import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Platform, type StartOptions, start } from '../../functions/local/platform.ts';

/**
 * Starts the real local platform in-process on a random port with a fresh data directory.
 * `only` limits the sample datasets published (the 3M-row flights take ~8 s; most tests skip them).
 */
export async function startTestPlatform(
  options: Omit<StartOptions, 'port' | 'dataDir' | 'log'> = {},
): Promise<Platform & { cleanup: () => Promise<void>; logs: string[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'opendata-test-'));
  const logs: string[] = [];
  // A high anonymous limit so suites that make many requests are not rate-limited (limits-*.test.ts set their own).
  const p = await start({
    port: 0,
    dataDir,
    buildSite: false,
    anonymousPerMinute: 1_000_000,
    snapshotRefreshMs: 0,
    ...options,
    log: (l) => logs.push(l),
  });
  return Object.assign(p, {
    logs,
    cleanup: async () => {
      await p.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}
