/**
 * `npm start` (functions/local/main.ts) refusing to start says why and what to do, with no stack
 * trace: a PORT that is not a number (exit 2), a port in use, a HOST not of this machine, and a data
 * folder it cannot use (exit 1). Each runs the real entry point in a child process.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, '..', '..', 'functions', 'local', 'main.ts');

function startWith(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [MAIN],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (e, _out, err) => resolve({ code: e ? ((e as { code?: number }).code ?? null) : 0, err }),
    );
    child.stdin?.end();
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opendata-start-'));
  await writeFile(join(dir, 'a-file'), 'not a folder');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm start refusing to start', () => {
  it('a PORT that is not a port number: exit 2, naming it', async () => {
    const r = await startWith({ PORT: 'abc', OPENDATA_DATA_DIR: join(dir, 'data') });
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('PORT must be a port number, got "abc"');
  });

  it('a port in use: exit 1, with another port to try', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await startWith({ PORT: String(port), OPENDATA_DATA_DIR: join(dir, 'data') });
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        `Port ${port} is in use. Stop the other process or choose another port: PORT=8788 npm start`,
      );
    } finally {
      busy.close();
    }
  });

  it('a data folder that is a file, or under one: exit 1, saying so and how to fix it', async () => {
    for (const [path, why] of [
      [join(dir, 'a-file'), 'a file of that name is in the way (it must be a folder)'],
      [join(dir, 'a-file', 'sub'), 'part of the path is a file, not a folder'],
    ] as const) {
      const r = await startWith({ PORT: '0', OPENDATA_DATA_DIR: path });
      expect(r.code).toBe(1);
      expect(r.err.trim()).toBe(
        `Cannot use ${path} for the platform's data: ${why}. Set OPENDATA_DATA_DIR to a folder you can write (default .data in the repository).`,
      );
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('a HOST that is not an address of this machine: exit 1', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a machine.
    const r = await startWith({ PORT: '0', HOST: '192.0.2.1', OPENDATA_DATA_DIR: join(dir, 'data') });
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      'HOST 192.0.2.1 is not an address of this machine: leave HOST unset (127.0.0.1) or use 0.0.0.0',
    );
  });
});
