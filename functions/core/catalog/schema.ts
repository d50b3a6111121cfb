import { z } from 'zod';
import { DataRequest } from '../feedback/data-request.ts';
import { PublicReply } from '../feedback/feedback.ts';
import { StoredLocalizedText } from '../manifest/localized.ts';
import { LICENCE_URL_KINDS } from '../manifest/registry.ts';
import { FieldConstraints } from '../manifest/schema.ts';
import {
  FIELD_TYPES,
  FREQUENCIES,
  GRADES,
  PUBLISHED_FORMATS,
  SOURCE_FORMATS,
  THEME_IDS,
} from '../manifest/vocabulary.ts';
import { DeidentificationFinding } from '../protection/deidentification-finding.ts';
import { Scorecards } from '../scorecard/scorecard.ts';
import { ValueProfile } from './value-profile.ts';

/**
 * The published catalogue: what the API returns and the site renders. One schema each for a dataset
 * entry, a version record and the snapshot the site is built from. Only published facts live here:
 * internal fields are absent, treated fields carry the treatment name, never source values.
 */

/** A file of a published version. */
export const Artifact = z.strictObject({
  /** File name inside the version, e.g. `data.csv`. */
  name: z.string(),
  /** Storage key in the published bucket. */
  key: z.string(),
  /** Format, or `meta` for datapackage.json and reports. */
  format: z.enum([...PUBLISHED_FORMATS, 'meta']),
  /** IANA media type. */
  mediaType: z.string(),
  /** Size in bytes. */
  bytes: z.number().int().nonnegative(),
  /** Lower-case hex sha256 of the bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Artifact = z.output<typeof Artifact>;

/** A column as published. */
export const PublishedField = z.strictObject({
  name: z.string(),
  title: StoredLocalizedText.optional(),
  description: StoredLocalizedText.optional(),
  /** Published type (a treatment may turn a number into a text band, for example). */
  type: z.enum(FIELD_TYPES),
  /**
   * Table Schema `format` of the value as written in the CSV and JSON files, when not the type's
   * default form (written-forms.ts: a date-time's pattern, or six fractional digits in a column
   * holding sub-second values). Never the manifest's source `format`, which only reads the source.
   */
  format: z.string().optional(),
  constraints: FieldConstraints.optional(),
  grade: z.enum(GRADES),
  /** Treatment applied, if any (its kind and non-secret parameters). */
  treatment: z.record(z.string(), z.unknown()).optional(),
});
export type PublishedField = z.output<typeof PublishedField>;

/** Summary of the changes from the previous published version. */
export const DiffSummary = z.strictObject({
  fromVersion: z.number().int().positive(),
  fieldsAdded: z.array(z.string()),
  fieldsRemoved: z.array(z.string()),
  fieldsRetyped: z.array(z.strictObject({ name: z.string(), from: z.string(), to: z.string() })),
  primaryKeyChanged: z.boolean(),
  rowsAdded: z.number().int().nullable(),
  rowsRemoved: z.number().int().nullable(),
  rowsChanged: z.number().int().nullable(),
  sampleKeys: z.strictObject({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.string()),
  }),
  breaking: z.boolean(),
  breakingNote: z.string().optional(),
});
export type DiffSummary = z.output<typeof DiffSummary>;

/**
 * What the de-identification did, per field (no secrets, no values). `action` and `reason` are the
 * English of deidentification-report.json; the facts they were written from are recorded beside them
 * (optional: records written before they were are read as text only), so that the site writes the
 * other language from facts (describe-treatment.ts), never by reading the sentences.
 */
export const DeidentificationEntry = z.strictObject({
  field: z.string(),
  grade: z.enum(GRADES),
  action: z.string(),
  reason: z.string(),
  /**
   * Why the entry exists: a declared field's grade (and treatment), a source column the manifest does
   * not declare, or rows suppressed for k-anonymity over the quasi-identifiers named in `field` (a+b).
   */
  cause: z.enum(['grade', 'undeclared', 'k-anonymity']).optional(),
  /** The declared field's source type (it decides, for example, whether number bands include both bounds). */
  sourceType: z.enum(FIELD_TYPES).optional(),
  /** The declared treatment (its kind and non-secret parameters), also when the column is not published. */
  treatment: z.record(z.string(), z.unknown()).optional(),
  /** What the checks found on the field (English), appended to `reason` in the report. */
  note: z.string().optional(),
  /**
   * The facts `note` was written from, one per sentence of it (rows suppressed, values a detector let
   * through), so that the site writes the note in either language (deidentification-finding.ts).
   * Absent on records written before they were recorded, or from a note this code has no facts of: the
   * note is then shown as written.
   */
  findings: z.array(DeidentificationFinding).optional(),
});
export type DeidentificationEntry = z.output<typeof DeidentificationEntry>;

export const VERSION_STATES = ['pending', 'published', 'withdrawn'] as const;

/** One immutable version of a dataset. */
export const VersionRecord = z.strictObject({
  datasetId: z.string(),
  /** Monotonic per dataset: 1, 2, … */
  version: z.number().int().positive(),
  /** Publisher's label, e.g. "2026-Q3". */
  label: z.string().optional(),
  state: z.enum(VERSION_STATES),
  /** The release that produced it (idempotency key). */
  releaseId: z.string(),
  /** ISO time it became visible. */
  publishedAt: z.string().optional(),
  rowCount: z.number().int().nonnegative(),
  fields: z.array(PublishedField),
  primaryKey: z.array(z.string()),
  artifacts: z.array(Artifact),
  /** sha256 of the canonical manifest and of the source data. */
  manifestSha256: z.string(),
  dataSha256: z.string(),
  deidentification: z.array(DeidentificationEntry),
  diff: DiffSummary.optional(),
  breaking: z.boolean().default(false),
  withdrawn: z
    .strictObject({
      reason: z.string(),
      at: z.string(),
      /**
       * Who withdrew it: the publishing department's id, or `platform` (an admin); never a person (the
       * audit ledger keeps who). Records written before named the person: shown without `by`.
       */
      by: z.string().optional(),
    })
    .optional(),
  /**
   * The most frequent values of the version's public, untreated text columns with few distinct values,
   * from the published data (value-profile.ts). Absent on versions published before it existed.
   */
  valueProfile: ValueProfile.optional(),
});
export type VersionRecord = z.output<typeof VersionRecord>;

/** A catalogue entry: the dataset's metadata and its latest published version. */
export const DatasetEntry = z.strictObject({
  id: z.string(),
  title: StoredLocalizedText,
  description: StoredLocalizedText,
  publisher: z.strictObject({
    id: z.string(),
    name: StoredLocalizedText,
    url: z.string().optional(),
    email: z.string(),
  }),
  contact: z.strictObject({ name: z.string(), email: z.string() }),
  keywords: z.array(z.string()),
  themes: z.array(z.enum(THEME_IDS)),
  license: z.strictObject({
    id: z.string(),
    title: StoredLocalizedText,
    url: z.string(),
    /** What `url` points to (registry.ts); absent: the licence's text. */
    urlIs: z.enum(LICENCE_URL_KINDS).optional(),
    open: z.boolean(),
    terms: z.strictObject({
      may: z.array(StoredLocalizedText),
      must: z.array(StoredLocalizedText),
      mayNot: z.array(StoredLocalizedText),
    }),
  }),
  updateFrequency: z.enum(FREQUENCIES),
  temporal: z.strictObject({ start: z.string(), end: z.string().optional() }).optional(),
  spatial: z
    .strictObject({
      description: StoredLocalizedText,
      regionCode: z.string().optional(),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
    })
    .optional(),
  source: z.strictObject({
    format: z.enum(SOURCE_FORMATS),
    origin: z
      .strictObject({ publisher: z.string(), url: z.string().optional(), note: z.string().optional() })
      .optional(),
  }),
  /** Newest published, not withdrawn, version; null when none is. */
  latestVersion: z.number().int().positive().nullable(),
  /** Every version number ever published (withdrawn ones included). */
  versionCount: z.number().int().nonnegative(),
  formats: z.array(z.enum(PUBLISHED_FORMATS)),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Row count and fields of the latest version (denormalised for listing and search). */
  rowCount: z.number().int().nonnegative(),
  fields: z.array(PublishedField),
  primaryKey: z.array(z.string()),
  /**
   * The latest version's value profile (value-profile.ts), searched as a field of its own and shown on
   * the dataset page. Absent when that version has none (published before profiles, or no column fits).
   */
  valueProfile: ValueProfile.optional(),
});
export type DatasetEntry = z.output<typeof DatasetEntry>;

/**
 * Community data for the site (issue 8): department scorecards, public data requests and moderated
 * feedback per dataset. Optional: snapshots written before it existed stay valid.
 */
export const CommunitySnapshot = z.strictObject({
  /** Department scorecards (functions/core/scorecard/scorecard.ts). */
  scorecards: Scorecards,
  /** Every data request, most voted first. */
  requests: z.array(DataRequest),
  /** Per dataset id: rating summary and the moderated, public feedback items. */
  feedback: z.record(
    z.string(),
    z.strictObject({
      ratingCount: z.number().int().nonnegative(),
      ratingAverage: z.number().nullable(),
      openProblems: z.number().int().nonnegative(),
      items: z.array(
        z.strictObject({
          id: z.string(),
          kind: z.string(),
          rating: z.number().optional(),
          text: z.string().optional(),
          problemType: z.string().optional(),
          version: z.number().optional(),
          createdAt: z.string(),
          status: z.string().optional(),
          replies: z.array(PublicReply),
        }),
      ),
    }),
  ),
});
export type CommunitySnapshot = z.output<typeof CommunitySnapshot>;

/** What the site is built from: every dataset with all its versions and a preview of the latest. */
export const CatalogSnapshot = z.strictObject({
  generatedAt: z.string(),
  /** Public base URL of the API, used in snippets (e.g. http://localhost:8787). */
  apiBaseUrl: z.string(),
  datasets: z.array(
    z.strictObject({
      entry: DatasetEntry,
      versions: z.array(VersionRecord),
      /** First rows of the latest version, as published. */
      preview: z.strictObject({
        columns: z.array(z.string()),
        rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
      }),
    }),
  ),
  /** Scorecards, data requests and public feedback (optional). */
  community: CommunitySnapshot.optional(),
});
export type CatalogSnapshot = z.output<typeof CatalogSnapshot>;
