import { access, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore } from '../../ports/blob-store.ts';
import type { TableRef } from '../../ports/query-engine.ts';

/**
 * Lambda's local copies of published Parquet, in /tmp. Versions are immutable, so a copy is keyed
 * by content hash and reused by every later invocation of the container; concurrent queries of one
 * version share one download (no second writer to the same temporary file).
 */
export function tmpParquetCache(blobs: BlobStore, dir: string): (ref: TableRef) => Promise<string> {
  const ready = new Map<string, Promise<string>>();
  return (ref) => {
    let p = ready.get(ref.sha256);
    if (!p) {
      const path = join(dir, `${ref.sha256}.parquet`);
      p = (async () => {
        try {
          await access(path); // left by an earlier invocation of this container
        } catch {
          const tmp = `${path}.${process.pid}.${Date.now()}.part`;
          await blobs.download(ref.parquetKey, tmp);
          await rename(tmp, path);
        }
        return path;
      })();
      p.catch(() => ready.delete(ref.sha256));
      ready.set(ref.sha256, p);
    }
    return p;
  };
}
