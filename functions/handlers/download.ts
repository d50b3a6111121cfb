import { countsAsDownload, formatOfFile } from '../core/access/usage-key.ts';
import { DOWNLOADABLE, publicFileUrl } from '../core/catalog/artifact-keys.ts';
import { notFound } from '../core/errors.ts';
import { noteUsage } from '../http/access-control.ts';
import { apiHandler } from '../http/middleware.ts';
import { header, redirect } from '../http/response.ts';
import { resolveVersion } from '../usecases/read-catalog.ts';
import { getDeps } from '../wiring/compose.ts';

/**
 * GET /v1/datasets/{id}/versions/{version}/{file}: redirects to the immutable artifact, served by
 * CloudFront from S3 in AWS (Range, ETag; the sha-256 as x-amz-meta-sha256) and by the local platform's
 * /files/ route locally (Range, ETag, Content-Digest and Repr-Digest).
 */
export const handler = apiHandler(async (event) => {
  const deps = getDeps();
  const p = event.pathParameters ?? {};
  const file = p.file ?? '';
  if (!(DOWNLOADABLE as readonly string[]).includes(file)) {
    throw notFound({
      detail: `no file "${file}" in a version`,
      hint: `files are: ${DOWNLOADABLE.join(', ')}`,
      zh: { detail: `版本中没有文件“${file}”`, hint: `可下载的文件：${DOWNLOADABLE.join(', ')}` },
    });
  }
  const { record, pinned } = await resolveVersion(deps, p.id ?? '', p.version ?? '');
  const artifact = record.artifacts.find((a) => a.name === file);
  if (!artifact)
    throw notFound({
      detail: `version ${record.version} has no ${file}`,
      hint: `files are: ${record.artifacts.map((a) => a.name).join(', ')}`,
      zh: {
        detail: `第 ${record.version} 版没有 ${file}`,
        hint: `该版本的文件：${record.artifacts.map((a) => a.name).join(', ')}`,
      },
    });
  if (countsAsDownload(event.requestContext.http.method, file, header(event, 'range'))) {
    noteUsage(event, {
      kind: 'download',
      dataset: record.datasetId,
      version: record.version,
      format: formatOfFile(file),
    });
  }
  return redirect(publicFileUrl(deps.publicBaseUrl, artifact.key), pinned ? 'immutable' : 'short');
});
