import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL on loopback (Debian package; installed with apt-get when missing), in a
 * temp data dir, run as the `postgres` OS user when we are root (initdb refuses root).
 */
export interface Postgres {
  readonly port: number;
  /** A temp dir the server can read (for COPY ... FROM '<file>'); removed at stop. */
  readonly dir: string;
  readonly version: string;
  /** Runs SQL through one long-lived psql session; returns the client-side time in ms (psql \timing). */
  timed(sql: string): Promise<number>;
  /** Runs SQL in a fresh psql and returns its output (unaligned, tuples only). */
  exec(sql: string, timeoutMs?: number): string;
  stop(): Promise<void>;
}

function pgBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = execFileSync('ls', [root])
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean)
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** The PostgreSQL bin dir; installs the Debian package first when it is missing. */
export function ensurePostgresInstalled(log: (l: string) => void): string {
  let bin = pgBinDir();
  if (bin && existsSync(join(bin, 'initdb'))) return bin;
  log('PostgreSQL not found: apt-get install -y postgresql ...');
  execFileSync('apt-get', ['update'], { stdio: 'ignore', timeout: 300_000 });
  execFileSync('apt-get', ['install', '-y', 'postgresql'], {
    stdio: 'ignore',
    timeout: 600_000,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL installation failed');
  return bin;
}

export async function startPostgres(log: (l: string) => void): Promise<Postgres> {
  const bin = ensurePostgresInstalled(log);
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'opendata-bench-pg-'));
  await chmod(dir, 0o777);
  const data = join(dir, 'data');
  const sock = dir;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const run = (cmd: string, args: string[], timeout = 120_000) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], {
          timeout,
          stdio: ['ignore', 'pipe', 'pipe'],
        }).toString()
      : execFileSync(join(bin, cmd), args, { timeout, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${sock} -c shared_buffers=512MB -c work_mem=64MB -c max_parallel_workers_per_gather=2 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c maintenance_work_mem=512MB`,
    'start',
  ]);
  const psqlArgs = [
    '-X',
    '-q',
    '-h',
    sock,
    '-p',
    String(port),
    '-U',
    'postgres',
    '-d',
    'postgres',
    '-v',
    'ON_ERROR_STOP=1',
  ];
  const exec = (sql: string, timeoutMs = 600_000) =>
    execFileSync(join(bin, 'psql'), [...psqlArgs, '-At', '-c', sql], {
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
  const version = exec('SHOW server_version').trim();

  // One interactive psql: \timing prints "Time: x ms" to stdout while results go to /dev/null.
  const session: ChildProcessWithoutNullStreams = spawn(
    join(bin, 'psql'),
    [...psqlArgs.filter((a) => a !== '-v' && a !== 'ON_ERROR_STOP=1')],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let buf = '';
  let errBuf = '';
  session.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
  });
  session.stderr.on('data', (d: Buffer) => {
    errBuf += d.toString();
  });
  session.stdin.write('\\timing on\n\\o /dev/null\n');
  const timed = (sql: string) =>
    new Promise<number>((resolve, reject) => {
      buf = '';
      errBuf = '';
      const started = Date.now();
      session.stdin.write(`${sql.replace(/;\s*$/, '')};\n`);
      const poll = setInterval(() => {
        const m = /Time: ([0-9.]+) ms/.exec(buf);
        if (errBuf.includes('ERROR')) {
          clearInterval(poll);
          reject(new Error(`postgres: ${errBuf.trim()}`));
        } else if (m) {
          clearInterval(poll);
          resolve(Number(m[1]));
        } else if (Date.now() - started > 120_000) {
          clearInterval(poll);
          reject(new Error('postgres query timed out (120 s)'));
        }
      }, 0.5);
    });
  await timed('SELECT 1');
  return {
    port,
    dir,
    version,
    timed,
    exec,
    stop: async () => {
      session.stdin.end('\\q\n');
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], 60_000);
      } catch {
        // already stopped
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
