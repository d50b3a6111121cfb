import { z } from 'zod';
import { LocalizedText } from './localized.ts';

/** A publishing department, registered in `datasets/publishers.yaml`. */
export const Publisher = z.strictObject({
  /** Slug id used by manifests. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Department name. */
  name: LocalizedText,
  /** Public web page of the department. */
  url: z.string().url().optional(),
  /** Office e-mail for data matters. */
  email: z.string().email(),
});
export type Publisher = z.output<typeof Publisher>;

/** Plain-language usage terms, shown next to every dataset. */
export const UsageTerms = z.strictObject({
  /** What you may do. */
  may: z.array(LocalizedText).min(1),
  /** What you must do. */
  must: z.array(LocalizedText).default([]),
  /** What you may not do. */
  mayNot: z.array(LocalizedText).default([]),
});

/**
 * What a licence's `url` points to: its `text`, a licence `file` in a code repository (a compiler's
 * licence), a page of `terms`, or only the `source-page` the data came from (a source that states no
 * licence): that is not a licence, and is never published as one (`rel=license`, an export's licence).
 */
export const LICENCE_URL_KINDS = ['text', 'file', 'terms', 'source-page'] as const;
export type LicenceUrlKind = (typeof LICENCE_URL_KINDS)[number];

/** A licence: SPDX ones are built in; custom ones are registered in `datasets/licenses.yaml`. */
export const License = z.strictObject({
  /** SPDX identifier, or a custom id prefixed `LicenseRef-`. */
  id: z.string().min(1),
  /** Full name. */
  title: LocalizedText,
  /** Where to read it: its full text unless `urlIs` says otherwise. */
  url: z.string().url(),
  /** What `url` points to (default `text`). */
  urlIs: z.enum(LICENCE_URL_KINDS).optional(),
  /** Open in the sense of the Open Definition (reuse and redistribution for any purpose). */
  open: z.boolean(),
  /** Plain-language summary. */
  terms: UsageTerms,
});
export type License = z.output<typeof License>;

/** The URL that is the licence (its text, a licence file or its terms), or undefined when `url` is only the source's page. */
export function licenceUrl(l: { url: string; urlIs?: LicenceUrlKind | undefined }): string | undefined {
  return l.urlIs === 'source-page' ? undefined : l.url;
}

export const PublishersFile = z.strictObject({ publishers: z.array(Publisher).min(1) });
export const LicensesFile = z.strictObject({ licenses: z.array(License).default([]) });
