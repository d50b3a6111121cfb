import type { ValidationIssue } from '../validation/report.ts';
import { zh } from '../validation/zh.ts';

/**
 * What one catalog record (a release, a version, a catalogue entry) may take, as JSON in UTF-8, when the
 * checks estimate it. The store takes 400 KB an item (ports/catalog-store.ts CATALOG_DOC_MAX_BYTES);
 * the rest is room for what later steps add (files, the withdrawal, a publication failure, history).
 */
export const RECORD_BUDGET_BYTES = 350_000;

/**
 * Room a version record's artifact list takes per file (name, key, media type, size, sha256), besides
 * twice the dataset id in its key: the checks estimate the record before any file is written.
 */
export const ARTIFACT_ALLOWANCE_BYTES = 300;
/** Files a version publishes besides its data files: datapackage, validation and de-identification reports, preview, SHA256SUMS. */
export const META_ARTIFACTS = 5;

/**
 * The size of a version record once published: the pending record, its artifacts (`dataFiles` data
 * files and the META_ARTIFACTS others) and its publication time.
 */
export function versionRecordBytes(pending: { datasetId: string }, dataFiles: number): number {
  const perFile = ARTIFACT_ALLOWANCE_BYTES + 2 * new TextEncoder().encode(pending.datasetId).length;
  return jsonBytes(pending) + (dataFiles + META_ARTIFACTS) * perFile + 64;
}

/** Size of a value as stored: JSON in UTF-8. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}

/** The largest top-level parts of a record, largest first: what to shrink. */
export function largestParts(record: object, n = 3): { part: string; bytes: number }[] {
  return Object.entries(record)
    .map(([part, value]) => ({ part, bytes: jsonBytes(value) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, n);
}

/** Each kind of record: its Chinese name, and what to shrink in a publisher's words (for the hint). */
const SHRINK: Record<RecordKind, { name: string; en: string; zh: string }> = {
  'version record': {
    name: '版本记录',
    en: 'declare fewer fields, or shorter field names, titles and descriptions (link to a document instead), or split the dataset into several',
    zh: '请减少字段，或缩短字段名、标题和说明（改为链接到一份文档），或把数据集拆分成几个',
  },
  'catalogue entry': {
    name: '数据目录条目',
    en: 'shorten the description and the field titles and descriptions (link to a document instead), declare fewer fields, or split the dataset into several',
    zh: '请缩短数据集说明以及字段的标题和说明（改为链接到一份文档），减少字段，或把数据集拆分成几个',
  },
  'release record': {
    name: '发布记录',
    en: 'shorten the manifest (fewer fields, shorter names and descriptions, one piiExceptions entry per field and detector), fix the problems the checks report, or split the dataset into several',
    zh: '请精简 dataset.yaml（减少字段，缩短名称和说明，每个字段和检测器只写一条 piiExceptions 例外），修正检查报告的问题，或把数据集拆分成几个',
  },
};

export type RecordKind = 'version record' | 'release record' | 'catalogue entry';

/**
 * The refusal of a release whose record of `kind` would take `bytes` (more than `budget`): which
 * record, how large, its largest parts, and what to change.
 */
export function recordTooLarge(
  kind: RecordKind,
  bytes: number,
  parts: readonly { part: string; bytes: number }[],
  budget = RECORD_BUDGET_BYTES,
): ValidationIssue & { readonly zh: NonNullable<ValidationIssue['zh']> } {
  const sized = parts.map((p) => `${p.part} ${p.bytes.toLocaleString('en')}`);
  const largest = sized.join(', ');
  const size = bytes.toLocaleString('en');
  const limit = budget.toLocaleString('en');
  return {
    type: 'release/too-large',
    message: `the ${kind} this release would store takes about ${size} bytes (JSON, UTF-8), more than the ${limit} a record may take${largest ? ` (largest parts, in bytes: ${largest})` : ''}`,
    hint: `${SHRINK[kind].en}: each is stored as one record of at most 400 KB`,
    zh: zh(
      `本次发布要保存的${SHRINK[kind].name}约 ${size} 字节（JSON，UTF-8），超过了单条记录的上限 ${limit} 字节${largest ? `（最大的几部分，单位为字节：${sized.join('，')}）` : ''}`,
      `${SHRINK[kind].zh}：${SHRINK[kind].name}作为一条记录保存，最多 400 KB`,
    ),
  };
}
