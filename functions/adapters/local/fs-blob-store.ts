import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobExistsError, type BlobInfo, type BlobStore, type PutOptions } from '../../ports/blob-store.ts';

/**
 * BlobStore on the local filesystem (the local platform's published storage). Writes go to a temp
 * file then an atomic link/rename, so a crash never leaves a half-written object under its key, and
 * `ifNoneMatch` uses link(2), which fails if the key exists: the same guarantee as S3's If-None-Match.
 */
export class FsBlobStore implements BlobStore {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Absolute path of a key; refuses keys that would escape the root. */
  pathOf(key: string): string {
    if (!key || key.startsWith('/') || key.split('/').some((p) => p === '..' || p === '' || p === '.')) {
      throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
    }
    const p = join(this.root, ...key.split('/'));
    if (!p.startsWith(this.root + sep)) throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
    return p;
  }

  private async commit(tmp: string, key: string, options?: PutOptions): Promise<BlobInfo> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const bytes = (await stat(tmp)).size;
    const sha256 = options?.sha256 ?? (await sha256File(tmp));
    try {
      if (options?.ifNoneMatch) {
        try {
          await link(tmp, target);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new BlobExistsError(key);
          throw e;
        }
      } else {
        await rename(tmp, target);
      }
      const metaTmp = `${tmp}.meta`;
      await writeFile(metaTmp, JSON.stringify({ sha256, contentType: options?.contentType }));
      await rename(metaTmp, metaPath(target));
    } finally {
      await rm(tmp, { force: true });
    }
    return { key, bytes, sha256, contentType: options?.contentType };
  }

  private tmpPath(): string {
    return join(this.root, '.tmp', `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  }

  async putFile(key: string, path: string, options?: PutOptions): Promise<BlobInfo> {
    const tmp = this.tmpPath();
    await mkdir(dirname(tmp), { recursive: true });
    await copyFile(path, tmp);
    return this.commit(tmp, key, options);
  }

  async putBytes(key: string, body: Uint8Array | string, options?: PutOptions): Promise<BlobInfo> {
    const tmp = this.tmpPath();
    await mkdir(dirname(tmp), { recursive: true });
    await writeFile(tmp, body);
    return this.commit(tmp, key, options);
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    const p = this.pathOf(key);
    try {
      const s = await stat(p);
      if (!s.isFile()) return undefined;
      const meta = await readMeta(p);
      return { key, bytes: s.size, sha256: meta.sha256, contentType: meta.contentType };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    if (!(await this.head(key))) return undefined;
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async readBytes(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async download(key: string, path: string): Promise<void> {
    const src = await this.read(key);
    if (!src) throw new Error(`no such object: ${key}`);
    await mkdir(dirname(path), { recursive: true });
    const { createWriteStream } = await import('node:fs');
    await pipeline(src, createWriteStream(path));
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (p !== join(this.root, '.tmp')) await walk(p);
        } else if (!e.name.endsWith('.meta.json') && !e.name.endsWith('.meta.json.tmp')) {
          const key = relative(this.root, p).split(sep).join('/');
          if (key.startsWith(prefix)) out.push(key);
        }
      }
    };
    // Only the folder the prefix names (or the one its last, partial segment is in), not the whole store:
    // a version's prefix or the audit heads are a few files among every dataset's.
    const dirs = prefix
      .split('/')
      .slice(0, -1)
      .filter((s) => s !== '');
    const start = dirs.length > 0 ? this.pathOf(dirs.join('/')) : this.root;
    await walk(start);
    return out.sort();
  }

  async delete(key: string): Promise<void> {
    const p = this.pathOf(key);
    await rm(p, { force: true });
    await rm(metaPath(p), { force: true });
  }
}

const metaPath = (p: string) => `${p}.meta.json`;

async function readMeta(p: string): Promise<{ sha256?: string; contentType?: string }> {
  try {
    return JSON.parse(await readFile(metaPath(p), 'utf8')) as { sha256?: string; contentType?: string };
  } catch {
    return {};
  }
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}
