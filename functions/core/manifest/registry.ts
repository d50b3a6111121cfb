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

/** A licence: SPDX ones are built in; custom ones are registered in `datasets/licenses.yaml`. */
export const License = z.strictObject({
  /** SPDX identifier, or a custom id prefixed `LicenseRef-`. */
  id: z.string().min(1),
  /** Full name. */
  title: LocalizedText,
  /** Full text. */
  url: z.string().url(),
  /** Open in the sense of the Open Definition (reuse and redistribution for any purpose). */
  open: z.boolean(),
  /** Plain-language summary. */
  terms: UsageTerms,
});
export type License = z.output<typeof License>;

export const PublishersFile = z.strictObject({ publishers: z.array(Publisher).min(1) });
export const LicensesFile = z.strictObject({ licenses: z.array(License).default([]) });
