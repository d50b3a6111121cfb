import { z } from 'zod';
import { DiffSummary, type VersionRecord } from '../catalog/schema.ts';
import { bilingual } from '../manifest/schema-zh.ts';
import { RowSuppression } from '../protection/deidentification-finding.ts';
import { PiiExceptionUse } from '../protection/pii-exceptions.ts';
import { ValidationIssue, ValidationWarning } from '../validation/report.ts';

/**
 * A release: one submission of a dataset's manifest and data, on its way to becoming a version.
 *   draft → submitted → checks-passed | checks-failed → approved | rejected → published | publication-failed
 * The record is stored as a `release` document and changed only by conditional writes.
 */
export const RELEASE_STATES = [
  'draft',
  'submitted',
  'checks-passed',
  'checks-failed',
  'approved',
  'rejected',
  'published',
  'publication-failed',
] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

/** Release ids double as idempotency keys: a retried submission with the same id is the same release. */
export const ReleaseId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{2,119}$/,
    bilingual('use 3-120 lower-case letters, digits and hyphens', '请使用 3-120 个小写字母、数字和连字符'),
  );

export const RawFile = z.strictObject({
  /** Name the manifest uses (`source.files[].path`, or the `package` spec). */
  name: z.string().min(1),
  /** Key in the private raw store (never served). */
  key: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RawFile = z.output<typeof RawFile>;

/** The check report kept with the release: the counts and the first issues. */
export const CheckReport = z.strictObject({
  valid: z.boolean(),
  rowsRead: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  counts: z.record(z.string(), z.number().int()),
  issues: z.array(ValidationIssue),
  checkedAt: z.string(),
  /**
   * Findings that refuse nothing (an unused piiExceptions entry); present only when there are any. The
   * first ones (16 KB at most: stored-issues.ts); `warningsTotal` says how many there were.
   */
  warnings: z.array(ValidationWarning).optional(),
  /** How many warnings the checks found (absent in releases checked before it was recorded). */
  warningsTotal: z.number().int().nonnegative().optional(),
  /** What each declared piiExceptions entry excepted; absent when the residual-PII scan did not run. */
  piiExceptions: z.array(PiiExceptionUse).optional(),
  /** Rows k-anonymity suppression took out: not published, shown to the approver (ValidationReport). */
  suppressed: RowSuppression.optional(),
});
export type CheckReport = z.output<typeof CheckReport>;

/**
 * Why an approved release was not published. Final: the department fixes the cause and submits a new
 * release (a transient failure is retried instead and never recorded here).
 */
export const PublicationFailure = z.strictObject({
  /** HTTP status of the refusal (4xx). */
  status: z.number().int().min(400).max(499),
  /** Problem type slug, e.g. `release-refused`. */
  type: z.string(),
  detail: z.string(),
  hint: z.string().optional(),
  /** The first issues when the data no longer passes the checks it passed at submission. */
  issues: z.array(ValidationIssue).optional(),
  at: z.string(),
});
export type PublicationFailure = z.output<typeof PublicationFailure>;

/**
 * The checks of a submitted release could not run: an internal error, not a finding about the data.
 * The release stays `submitted` (a retry, or `POST /v1/releases/{id}/submit` after a fix, runs them
 * again and clears this). Never the error's text, which may quote a cell: its class only.
 */
export const ChecksError = z.strictObject({
  /** e.g. "Binder Error", "Out of Memory Error", or "Error". */
  kind: z.string(),
  at: z.string(),
  /** How many times the checks failed so far. */
  attempts: z.number().int().positive(),
});
export type ChecksError = z.output<typeof ChecksError>;

/**
 * The platform sign-off of a release that publishes identity numbers (resident ID, bank card,
 * passport) under piiExceptions: a department cannot publish citizens' ID numbers on its own two
 * people's say. Only who and when: why it is needed follows from the check results
 * (sign-off.ts signOffReasons). Set once a platform admin, not the submitter, signed off; a department
 * approver approves only after that.
 */
export const PlatformSignOff = z.strictObject({
  /** The platform admin who signed off. */
  by: z.string(),
  at: z.string(),
  /** Stored by earlier releases, a copy of what the checks say: read, ignored. */
  exceptions: z.array(PiiExceptionUse).optional(),
});
export type PlatformSignOff = z.output<typeof PlatformSignOff>;

/**
 * Releases stored before the sign-off held only who and when also stored `{exceptions}` while one was
 * awaited: that is no sign-off, and reads as none (the checks still say one is needed).
 */
function fromLegacySignOff(v: unknown): unknown {
  return v && typeof v === 'object' && (v as { by?: unknown }).by === undefined ? undefined : v;
}

export const HistoryItem = z.strictObject({
  state: z.enum(RELEASE_STATES),
  at: z.string(),
  by: z.string(),
});

export const Release = z.strictObject({
  id: ReleaseId,
  datasetId: z.string(),
  /** Department releasing it: the manifest's `publisher`. */
  department: z.string(),
  label: z.string().optional(),
  state: z.enum(RELEASE_STATES),
  createdBy: z.string(),
  createdAt: z.string(),
  submittedBy: z.string().optional(),
  submittedAt: z.string().optional(),
  /** The parsed manifest (JSON), re-validated when used. */
  manifest: z.record(z.string(), z.unknown()),
  manifestSha256: z.string(),
  dataSha256: z.string(),
  files: z.array(RawFile),
  checks: CheckReport.optional(),
  diff: DiffSummary.optional(),
  breaking: z.boolean().default(false),
  platformSignOff: z.preprocess(fromLegacySignOff, PlatformSignOff.optional()),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
  rejection: z.strictObject({ reason: z.string(), by: z.string(), at: z.string() }).optional(),
  version: z.number().int().positive().optional(),
  publishedAt: z.string().optional(),
  publicationFailure: PublicationFailure.optional(),
  checksError: ChecksError.optional(),
  history: z.array(HistoryItem),
});
export type Release = z.output<typeof Release>;

/** A withdrawal as a release's readers see it: why, when, and which party (never a person). */
export type VersionWithdrawal = NonNullable<VersionRecord['withdrawn']>;

/**
 * A release as the API answers it: the record, and, once the version it became was withdrawn, that
 * withdrawal (`versionWithdrawn`). The release stays `published` (what happened to it), but nothing of
 * it is published any more: releasing the same content again is a new release (`opendata release
 * --resubmit`), not "already published".
 */
export type ReleaseView = Release & { readonly versionWithdrawn?: VersionWithdrawal };
