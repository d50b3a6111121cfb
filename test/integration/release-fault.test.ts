import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Crash safety, with real processes: for every step boundary of approve → publish, a child process
 * is killed hard at that boundary (alternately process.exit and SIGKILL), then a fresh process
 * retries the approval. Every time, exactly one complete version exists afterwards.
 */
const CHILD = join(import.meta.dirname, 'support', 'release-fault-child.ts');
const STEPS = [
  'release-approved',
  'approval-audited',
  'processed',
  'claimed',
  'data-uploaded',
  'meta-uploaded',
  'verified',
  'committed',
  'entry-updated',
  'release-published',
  'publication-audited',
  'ledger-exported',
];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function runChild(dataDir: string, killAt: string, how: 'exit' | 'kill') {
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    const c = spawn(process.execPath, [CHILD, dataDir, killAt, how], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function crashThenRetry(step: string, how: 'exit' | 'kill') {
  const dataDir = await mkdtemp(join(tmpdir(), `opendata-fault-${step}-`));
  dirs.push(dataDir);
  const crashed = await runChild(dataDir, step, how);
  const retried = await runChild(dataDir, 'none', 'exit');
  return { crashed, retried };
}

describe('crash at every step boundary, then retry in a fresh process', () => {
  const pool = STEPS.map((s, i) => ({ step: s, how: (i % 2 ? 'kill' : 'exit') as 'exit' | 'kill' }));
  // Two at a time: each pair is independent (own data dir); the machine has two cores.
  const results = new Map<string, Promise<Awaited<ReturnType<typeof crashThenRetry>>>>();
  let chain: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < pool.length; i += 2) {
    const batch = pool.slice(i, i + 2);
    const run = chain.then(() => Promise.all(batch.map((b) => crashThenRetry(b.step, b.how))));
    for (const [j, b] of batch.entries()) {
      results.set(
        b.step,
        run.then((r) => r[j] as Awaited<ReturnType<typeof crashThenRetry>>),
      );
    }
    chain = run;
  }

  for (const { step, how } of pool) {
    it(`${how === 'kill' ? 'SIGKILL' : 'process.exit'} at "${step}" → exactly one complete version`, async () => {
      const { crashed, retried } = await (results.get(step) as Promise<Awaited<ReturnType<typeof crashThenRetry>>>);
      expect(
        crashed.code === 137 || crashed.signal === 'SIGKILL',
        `child did not die at ${step}: ${crashed.stderr}`,
      ).toBe(true);
      expect(retried.code, retried.stderr).toBe(0);
      const s = JSON.parse(retried.stdout.trim().split('\n').pop() as string);
      expect(s.versions).toEqual([
        { version: 1, state: 'published', artifacts: s.versions[0].artifacts, intact: true },
      ]);
      expect(s.versions[0].artifacts).toBeGreaterThanOrEqual(5);
      expect(s.release).toMatchObject({ state: 'published', version: 1, approvedBy: 'dave', submittedBy: 'carol' });
      expect(s.entry).toBe(1);
      expect(s.audit).toMatchObject({ valid: true });
    });
  }
});
