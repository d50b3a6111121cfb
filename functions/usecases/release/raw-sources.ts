import { join } from 'node:path';
import { badRequest, gone } from '../../core/errors.ts';
import type { DatasetManifest } from '../../core/manifest/schema.ts';
import type { RawFile, Release } from '../../core/release/release.ts';
import type { SourceInput } from '../../ports/release-processor.ts';
import type { ReleaseDeps } from './deps.ts';

/** The name a manifest source file is uploaded under: its `path`, or its `package` spec. */
export const sourceName = (f: DatasetManifest['source']['files'][number]) => ('path' in f ? f.path : f.package);

/** Raw-store key of an uploaded file: private, per department and release. */
export const rawKey = (department: string, releaseId: string, index: number, name: string) =>
  `uploads/${department}/${releaseId}/${index}-${name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-100)}`;

/** Checks that the uploads are exactly the manifest's source files; returns them in manifest order. */
export function matchUploads<T extends { name: string }>(manifest: DatasetManifest, uploads: readonly T[]): T[] {
  const wanted = manifest.source.files.map(sourceName);
  const errors = [
    ...wanted
      .filter((n) => !uploads.some((u) => u.name === n))
      .map((n) => ({
        where: 'body.files',
        message: `the manifest names "${n}" but it was not uploaded`,
        hint: 'upload every source file under the name the manifest uses',
        zh: { message: `清单中写了“${n}”，但没有上传它`, hint: '请按清单中写的文件名上传每一个源文件' },
      })),
    ...uploads
      .filter((u) => !wanted.includes(u.name))
      .map((u) => ({
        where: 'body.files',
        message: `"${u.name}" is not a source file of the manifest`,
        hint: `the manifest names: ${wanted.join(', ')}`,
        zh: { message: `“${u.name}”不是清单中的源文件`, hint: `清单中写的是：${wanted.join('、')}` },
      })),
  ];
  if (errors.length) {
    throw badRequest({
      detail: 'the uploaded files do not match the manifest',
      zh: { detail: '上传的文件与清单（dataset.yaml）中声明的文件不一致' },
      errors,
    });
  }
  return wanted.map((n) => uploads.find((u) => u.name === n) as T);
}

/**
 * Copies a release's raw files into a work directory for DuckDB. A file no longer in the raw store
 * (deleted after the retention period) is a final 410, not an error worth retrying.
 */
export async function downloadSources(deps: ReleaseDeps, release: Release, workDir: string): Promise<SourceInput[]> {
  const out: SourceInput[] = [];
  for (const [i, f] of release.files.entries()) {
    if (!(await deps.raw.head(f.key))) {
      throw gone({
        detail: `the raw file "${f.name}" of release ${release.id} is no longer in the raw store`,
        hint: 'raw uploads are deleted RAW_RETENTION_DAYS days (default 30) after upload: submit a new release with the data',
        zh: {
          detail: `发布申请 ${release.id} 的原始文件“${f.name}”已不在原始文件存储中`,
          hint: '原始上传文件在上传 RAW_RETENTION_DAYS 天（默认 30 天）后删除：请带上数据提交新的发布申请',
        },
      });
    }
    const path = join(workDir, `src-${i}-${f.key.split('/').pop() ?? 'data'}`);
    await deps.raw.download(f.key, path);
    out.push({ label: f.name, path });
  }
  return out;
}

export type { RawFile };
