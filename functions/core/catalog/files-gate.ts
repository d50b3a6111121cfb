/**
 * The edge's list of versions whose files may be served (AWS: a CloudFront KeyValueStore read by the
 * `/files/*` viewer-request function, infra/constructs/files-gate-function.ts). One entry per version
 * the catalogue has committed: `published`, or withdrawn with its reason. A version without an entry
 * (a publication in progress, or one that failed) is not served at all: the gate fails closed.
 *
 * Shared by the functions that write the entries and the code CloudFront runs, so the two agree on
 * the key and value formats.
 */

/** Entry key of a version: `<dataset id>/v<000000>`, the version's folder under `/files/`. */
export const filesGateKey = (datasetId: string, version: number): string =>
  `${datasetId}/v${String(version).padStart(6, '0')}`;

/** Value of a version whose files are served. */
export const GATE_PUBLISHED = 'published';

/** CloudFront KeyValueStore limit on one value (bytes); keys are far below theirs (512). */
export const GATE_VALUE_MAX_BYTES = 1024;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/**
 * Value of a withdrawn version: `{"state":"withdrawn","reason":…}`, what the edge's 410 says. A reason
 * too long for one value is cut (at a character, marked with …); the API's 410 keeps the whole reason.
 */
export function gateWithdrawnValue(reason: string): string {
  const value = (r: string) => JSON.stringify({ state: 'withdrawn', reason: r });
  if (utf8Length(value(reason)) <= GATE_VALUE_MAX_BYTES) return value(reason);
  const chars = [...reason];
  let n = chars.length;
  while (n > 0 && utf8Length(value(`${chars.slice(0, n).join('')}…`)) > GATE_VALUE_MAX_BYTES) n--;
  return value(`${chars.slice(0, n).join('')}…`);
}

/** What an entry's value says, as the edge reads it. */
export type GateState = { readonly state: 'published' } | { readonly state: 'withdrawn'; readonly reason: string };

export function parseGateValue(value: string): GateState {
  if (value === GATE_PUBLISHED) return { state: 'published' };
  try {
    const v = JSON.parse(value) as { reason?: unknown };
    return { state: 'withdrawn', reason: typeof v.reason === 'string' ? v.reason : 'withdrawn' };
  } catch {
    // Anything that is not exactly `published` keeps the files closed.
    return { state: 'withdrawn', reason: 'withdrawn' };
  }
}

/**
 * The one folder of published files that is not a version: the audit-ledger exports
 * (`/files/_audit/…`, key `datasets/_audit/…`; audit-ledger.ts). Dataset ids start with a letter, so
 * it never collides with one. Served without a gate entry.
 */
export const AUDIT_FOLDER = '_audit/';

/**
 * A file in a version's folder, `<id>/v<000000>/<file>`: the folder filesGateKey names (six digits).
 * Anything else under `/files/` but the audit exports is no file of the catalogue.
 */
export const VERSION_FILE_PATH = /^([a-z][a-z0-9-]*)\/v([0-9]{6})\/[^/]/;

/** What a path under `/files/` (equally, a key under `datasets/`) is, for the files gate. */
export type FilesPath =
  | { readonly kind: 'audit' }
  | { readonly kind: 'version'; readonly id: string; readonly v: number }
  | { readonly kind: 'other' };

/**
 * The files gate's rule, shared by the local server (functions/local/serve-file.ts) and, as the same
 * constants in its text, the CloudFront function (infra/constructs/files-gate-function.ts): the audit
 * exports are served as they are; a version's files only as the gate's entry for it says; anything
 * else is not found. `path` is relative to `/files/` (or `datasets/`).
 */
export function classifyFilesPath(path: string): FilesPath {
  if (path.startsWith(AUDIT_FOLDER)) return { kind: 'audit' };
  const m = VERSION_FILE_PATH.exec(path);
  return m ? { kind: 'version', id: m[1] as string, v: Number.parseInt(m[2] as string, 10) } : { kind: 'other' };
}

/**
 * The answers of the gate (problem detail and hint, and both in Chinese: the problem's `zh`), with
 * `$path`, `$id`, `$v` and `$reason` filled in by fillFilesGateText; the CloudFront function embeds
 * these very strings. The API's answers about versions say the same (catalog-problems.ts).
 */
export const FILES_GATE_TEXT = {
  /** 404: no file of the catalogue at that path. */
  noFile: {
    detail: 'no file datasets/$path',
    hint: 'download through /v1/datasets/{id}/versions/{v}/{file}',
    zh: { detail: '没有文件 datasets/$path', hint: '请通过 /v1/datasets/{id}/versions/{v}/{file} 下载' },
  },
  /** 404: a version the catalogue has not committed (a publication in progress or failed, or none). */
  unpublished: {
    detail: 'version $v of "$id" is not published',
    hint: 'list the versions with GET /v1/datasets/{id}/versions',
    zh: { detail: '数据集“$id”的第 $v 版尚未发布', hint: '用 GET /v1/datasets/{id}/versions 列出版本' },
  },
  /** 410, with the reason. */
  withdrawn: {
    detail: 'version $v of "$id" was withdrawn: $reason',
    hint: 'use another version, or "latest"',
    zh: { detail: '数据集“$id”的第 $v 版已撤回：$reason', hint: '请使用其他版本或“latest”' },
  },
} as const;

/** The placeholders of FILES_GATE_TEXT (one pass: a value is never read as a placeholder). */
export const FILES_GATE_PLACEHOLDER = /\$(path|id|v|reason)/g;

export type FilesGateTextVars = { path?: string; id?: string; v?: number; reason?: string };

export function fillFilesGateText(
  text: (typeof FILES_GATE_TEXT)[keyof typeof FILES_GATE_TEXT],
  vars: FilesGateTextVars,
): { detail: string; hint: string; zh: { detail: string; hint: string } } {
  const fill = (t: string) => t.replace(FILES_GATE_PLACEHOLDER, (_, k: keyof FilesGateTextVars) => String(vars[k]));
  return {
    detail: fill(text.detail),
    hint: fill(text.hint),
    zh: { detail: fill(text.zh.detail), hint: fill(text.zh.hint) },
  };
}
