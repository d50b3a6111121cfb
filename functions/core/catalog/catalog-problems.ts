import { type AppError, badRequest, gone, notFound } from '../errors.ts';
import { FILES_GATE_TEXT, fillFilesGateText } from './files-gate.ts';

/**
 * The catalogue's refusals about datasets and versions, each in English and Chinese, written once for
 * every route that meets them: the catalogue and download routes, queries, query jobs, diffs,
 * feedback and withdrawals. A version's 410 says what the files gate says (files-gate.ts).
 */

/** 404: no dataset with this id; `near`, a published dataset's id it is likely a slip for (`seattle_weather`). */
export const noDataset = (id: string, near?: string): AppError =>
  notFound({
    detail: `no dataset "${id}"`,
    hint: near
      ? `did you mean "${near}"? List datasets with GET /v1/datasets; ids are lower-case slugs`
      : 'list datasets with GET /v1/datasets; ids are lower-case slugs',
    zh: {
      detail: `没有数据集“${id}”`,
      hint: `${near ? `是不是要找“${near}”？` : ''}用 GET /v1/datasets 列出数据集；数据集 id 由小写字母、数字和连字符组成`,
    },
  });

/** 404: no dataset with this id that has a published version (feedback is left on published datasets). */
export const noPublishedDataset = (id: string): AppError =>
  notFound({
    detail: `no published dataset "${id}"`,
    hint: 'see GET /v1/datasets',
    zh: { detail: `没有已发布的数据集“${id}”`, hint: '请查看 GET /v1/datasets' },
  });

/** 404: the dataset exists but no version of it is committed yet. */
export const noPublishedVersion = (id: string): AppError =>
  notFound({
    detail: `dataset "${id}" has no published version`,
    hint: 'try again after its first release',
    zh: { detail: `数据集“${id}”还没有已发布的版本`, hint: '请在它首次发布后再试' },
  });

/** 404: the dataset has no (visible) version `v`. */
export const noVersion = (id: string, v: string | number): AppError =>
  notFound({
    detail: `dataset "${id}" has no version ${v}`,
    hint: `list versions with GET /v1/datasets/${id}/versions`,
    zh: { detail: `数据集“${id}”没有第 ${v} 版`, hint: `用 GET /v1/datasets/${id}/versions 列出版本` },
  });

/** 400: `v` is neither a version number nor `latest`; `where` names what gave it (`path.version`, `query.from`). */
export const notAVersion = (v: string, where: string): AppError =>
  badRequest({
    detail: `"${v}" is not a version`,
    hint: 'use a version number such as 1, or "latest"',
    zh: { detail: `“${v}”不是版本号`, hint: '请使用版本号（如 1）或“latest”' },
    errors: [{ where, message: 'must be a positive integer or "latest"', zh: { message: '必须是正整数或“latest”' } }],
  });

/**
 * 410: version `v` of the dataset was withdrawn, with the reason (`reason` and `withdrawnAt` as
 * members too). `hint` replaces the usual "use another version" where another step fits better.
 */
export function versionWithdrawn(
  id: string,
  v: number | string,
  withdrawn: { readonly reason?: string | undefined; readonly at?: string | undefined } | undefined,
  hint?: { readonly en: string; readonly zh: string },
): AppError {
  const reason = withdrawn?.reason;
  const en = fillFilesGateText(FILES_GATE_TEXT.withdrawn, { id, v: Number(v), reason: reason ?? 'no reason recorded' });
  const zh = fillFilesGateText(FILES_GATE_TEXT.withdrawn, { id, v: Number(v), reason: reason ?? '未记录原因' }).zh;
  return gone({
    detail: en.detail,
    hint: hint?.en ?? en.hint,
    zh: { detail: zh.detail, hint: hint?.zh ?? zh.hint },
    extensions: { reason, withdrawnAt: withdrawn?.at },
  });
}

/**
 * 410: every version of the dataset is withdrawn. `last` is the last withdrawal (its reason is the
 * dataset's); `versions` lists each withdrawn version with its reason.
 */
export function datasetWithdrawn(
  id: string,
  last: { readonly version: number; readonly reason: string; readonly withdrawnAt?: string | undefined },
  versions: readonly unknown[],
): AppError {
  return gone({
    detail: `dataset "${id}" was withdrawn: every version is withdrawn (last: version ${last.version}, ${last.reason})`,
    hint: `the versions' records and reasons stay at GET /v1/datasets/${id}/versions`,
    zh: {
      detail: `数据集“${id}”已撤回：所有版本均已撤回（最后撤回的是第 ${last.version} 版，原因：${last.reason}）`,
      hint: `各版本的记录和撤回原因仍可在 GET /v1/datasets/${id}/versions 查看`,
    },
    extensions: { reason: last.reason, withdrawnAt: last.withdrawnAt, versions },
  });
}
