import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { unprocessable } from '../../core/errors.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import type { TableRef } from '../../ports/query-engine.ts';

/**
 * Bytes the copies may take together by default: 60% of the 2048 MiB of /tmp the DuckDB functions get
 * (infra/constructs/handler-functions.ts sets PARQUET_CACHE_MAX_BYTES from the same numbers). The rest
 * is for DuckDB's spill files. The AWS wiring keeps the asynchronous threshold at or below the budget,
 * so every version the synchronous path accepts fits.
 */
export const DEFAULT_PARQUET_CACHE_MAX_BYTES = Math.floor(0.6 * 2048 * 1024 ** 2);

/** A local copy held by one query: it is never deleted before `release()` (idempotent). */
export interface HeldParquet {
  readonly path: string;
  release(): void;
}

export interface TmpParquetCacheOptions {
  /** Bytes the copies may take together; least recently used copies nobody holds are deleted first. */
  readonly maxBytes?: number;
}

interface Copy {
  readonly path: string;
  /** The version's size until the download is done, then the file's. */
  bytes: number;
  ready: Promise<void>;
  /** Queries holding the copy (downloading or reading it): never deleted while above 0. */
  users: number;
  /** Order of last use (a counter: two uses in one millisecond still have an order). */
  used: number;
}

const COPY_NAME = /^([0-9a-f]{64})\.parquet$/;

/**
 * Lambda's local copies of published Parquet, in /tmp. Versions are immutable, so a copy is keyed by
 * content hash and reused by every later invocation of the container; concurrent queries of one
 * version share one download (no second writer to the same temporary file).
 *
 * /tmp is finite and outlives a crashed invocation: the copies together stay within `maxBytes`, the
 * least recently used ones are deleted to make room, and a copy a running query holds is never deleted
 * (the engine releases it when the query is done). A version larger than the budget, or one that does
 * not fit beside the copies running queries hold, is refused with a problem, before any download.
 * Copies on disk from an earlier process of the container are counted (and kept) at first use; its
 * unfinished downloads are deleted.
 */
export function tmpParquetCache(
  blobs: Pick<BlobStore, 'download'>,
  dir: string,
  options: TmpParquetCacheOptions = {},
): (ref: TableRef) => Promise<HeldParquet> {
  const maxBytes = options.maxBytes ?? DEFAULT_PARQUET_CACHE_MAX_BYTES;
  const copies = new Map<string, Copy>();
  /** Deletions under way, by hash: a new copy of that version waits for its old file to go. */
  const deleting = new Map<string, Promise<void>>();
  let clock = 0;
  let scanned: Promise<void> | undefined;

  const scan = async () => {
    await mkdir(dir, { recursive: true });
    const found: Array<{ sha: string; bytes: number; mtime: number }> = [];
    for (const name of await readdir(dir)) {
      const m = COPY_NAME.exec(name);
      if (m) {
        const s = await stat(join(dir, name)).catch(() => undefined);
        if (s?.isFile()) found.push({ sha: m[1] as string, bytes: s.size, mtime: s.mtimeMs });
      } else if (name.endsWith('.part')) {
        await rm(join(dir, name), { force: true }); // a download cut short by a crash or timeout
      }
    }
    for (const f of found.sort((a, b) => a.mtime - b.mtime)) {
      if (copies.has(f.sha)) continue;
      copies.set(f.sha, {
        path: join(dir, `${f.sha}.parquet`),
        bytes: f.bytes,
        ready: Promise.resolve(),
        users: 0,
        used: ++clock,
      });
    }
  };

  /** Deletes free copies, least recently used first, until `need` more bytes fit; throws when they cannot. */
  const makeRoom = (ref: TableRef): void => {
    let total = 0;
    for (const c of copies.values()) total += c.bytes;
    if (total + ref.bytes <= maxBytes) return;
    const free = [...copies.entries()].filter(([, c]) => c.users === 0).sort((a, b) => a[1].used - b[1].used);
    const victims: typeof free = [];
    for (const v of free) {
      if (total + ref.bytes <= maxBytes) break;
      victims.push(v);
      total -= v[1].bytes;
    }
    if (total + ref.bytes > maxBytes) {
      throw unprocessable({
        detail: `version ${ref.version} of ${ref.datasetId} (${ref.bytes} bytes) does not fit beside the ${total} bytes of versions other running queries hold in this function's ${maxBytes}-byte local cache`,
        hint: 'query fewer versions at once, or try again in a moment',
        zh: {
          detail: `${ref.datasetId} 的第 ${ref.version} 版（${ref.bytes} 字节）放不进本函数 ${maxBytes} 字节的本地缓存：其他正在运行的查询占用的版本已有 ${total} 字节`,
          hint: '请减少同时查询的版本，或稍后重试',
        },
      });
    }
    for (const [sha, c] of victims) {
      copies.delete(sha);
      const gone = rm(c.path, { force: true }).finally(() => {
        if (deleting.get(sha) === gone) deleting.delete(sha);
      });
      deleting.set(sha, gone);
    }
  };

  return async (ref) => {
    scanned ??= scan();
    await scanned;
    if (ref.bytes > maxBytes) {
      throw unprocessable({
        detail: `version ${ref.version} of ${ref.datasetId} (${ref.bytes} bytes) is larger than this function's ${maxBytes}-byte local cache`,
        hint: 'use the query route (GET /v1/datasets/{id}/query), which runs large versions as an asynchronous job, or download the Parquet file',
        zh: {
          detail: `${ref.datasetId} 的第 ${ref.version} 版（${ref.bytes} 字节）超过了本函数 ${maxBytes} 字节的本地缓存`,
          hint: '请改用查询接口（GET /v1/datasets/{id}/query），它会把大版本作为异步作业运行；或者下载 Parquet 文件',
        },
      });
    }
    let copy = copies.get(ref.sha256);
    if (!copy) {
      makeRoom(ref); // synchronous: no other call sees the budget half-updated
      const path = join(dir, `${ref.sha256}.parquet`);
      const created: Copy = { path, bytes: ref.bytes, users: 0, used: 0, ready: Promise.resolve() };
      created.ready = (async () => {
        // The space the budget counted as freed (and this version's own old file, if it was evicted).
        await Promise.allSettled([...deleting.values()]);
        const tmp = `${path}.${process.pid}.${Date.now()}.part`;
        try {
          await blobs.download(ref.parquetKey, tmp);
          await rename(tmp, path);
        } catch (e) {
          await rm(tmp, { force: true });
          throw e;
        }
        created.bytes = (await stat(path)).size;
      })();
      created.ready.catch(() => {
        if (copies.get(ref.sha256) === created) copies.delete(ref.sha256);
      });
      copies.set(ref.sha256, created);
      copy = created;
    }
    const held = copy;
    held.users++;
    held.used = ++clock;
    try {
      await held.ready;
    } catch (e) {
      held.users--;
      throw e;
    }
    let released = false;
    return {
      path: held.path,
      release: () => {
        if (released) return;
        released = true;
        held.users--;
      },
    };
  };
}
