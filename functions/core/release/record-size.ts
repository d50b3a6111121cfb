import type { ValidationIssue } from '../validation/report.ts';

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

/** What each kind of record holds, in a publisher's words (for the hint). */
const SHRINK: Record<RecordKind, string> = {
  'version record':
    'declare fewer fields, or shorter field names, titles and descriptions (link to a document instead), or split the dataset into several',
  'catalogue entry':
    'shorten the description and the field titles and descriptions (link to a document instead), declare fewer fields, or split the dataset into several',
  'release record':
    'shorten the manifest (fewer fields, shorter names and descriptions, one piiExceptions entry per field and detector), fix the problems the checks report, or split the dataset into several',
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
): ValidationIssue {
  const largest = parts.map((p) => `${p.part} ${p.bytes.toLocaleString('en')}`).join(', ');
  return {
    type: 'release/too-large',
    message: `the ${kind} this release would store takes about ${bytes.toLocaleString('en')} bytes (JSON, UTF-8), more than the ${budget.toLocaleString('en')} a record may take${largest ? ` (largest parts, in bytes: ${largest})` : ''}`,
    hint: `${SHRINK[kind]}: each is stored as one record of at most 400 KB`,
  };
}
