import { z } from 'zod';
import { bilingual } from '../../manifest/schema-zh.ts';

/** Filter dimensions of the catalogue search, each with a facet in the answer. */
export const FACET_DIMENSIONS = ['theme', 'publisher', 'license', 'format', 'frequency'] as const;
export type FacetDimension = (typeof FACET_DIMENSIONS)[number];

export const SORTS = ['relevance', 'updated', 'title'] as const;
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 20;
export const MAX_OFFSET = 10_000;

/** A filter value list: repeated parameters arrive comma-joined (API Gateway), so split on commas. */
const list = z
  .string()
  .max(1000)
  .transform((s) =>
    s
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, bilingual('must be a whole number', '必须是整数'))
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/**
 * Query parameters of GET /v1/datasets. Strict: an unknown parameter is a 400 naming it, so a
 * typo (`publsher=`) does not silently return everything.
 */
export const SearchParams = z
  .strictObject({
    /** Free text, Chinese or English: titles, descriptions, keywords, column names, publishers. */
    q: z.string().max(200).optional(),
    /** Theme ids (comma list or repeated): any of them. */
    theme: list.optional(),
    /** Publisher ids. */
    publisher: list.optional(),
    /** Licence ids (SPDX or LicenseRef-…). */
    license: list.optional(),
    /** Published formats (csv, parquet, ndjson, json). */
    format: list.optional(),
    /** Update frequencies (daily, weekly, monthly, quarterly, semiannual, annual, irregular). */
    frequency: list.optional(),
    /**
     * relevance (default with q; ties: most recently updated, then id), updated (default without q,
     * newest first, then id) or title (then id). Without q every score is 0: relevance is the order of updated.
     */
    sort: z.enum(SORTS).optional(),
    /** Title language for sort=title (default zh-CN). */
    lang: z.enum(['zh-CN', 'en']).optional(),
    page: int(1, 100_000).optional(),
    per_page: int(1, MAX_PER_PAGE).optional(),
    limit: int(1, MAX_PER_PAGE).optional(),
    offset: int(0, MAX_OFFSET).optional(),
  })
  .refine(
    (p) => !((p.page !== undefined || p.per_page !== undefined) && (p.limit !== undefined || p.offset !== undefined)),
    {
      message: bilingual(
        'use page/per_page or limit/offset, not both',
        '请用 page/per_page 或 limit/offset，不要同时使用',
      ),
    },
  );
export type SearchParams = z.output<typeof SearchParams>;

export interface SearchRequest {
  readonly q?: string;
  readonly filters: Readonly<Partial<Record<FacetDimension, readonly string[]>>>;
  readonly sort: (typeof SORTS)[number];
  readonly lang: 'zh-CN' | 'en';
  readonly offset: number;
  readonly limit: number;
}

/** Normalizes parsed parameters into one request: page/per_page become offset/limit. */
export function toSearchRequest(p: SearchParams): SearchRequest {
  const q = p.q?.trim() || undefined;
  const limit = p.limit ?? p.per_page ?? DEFAULT_PER_PAGE;
  const offset = p.offset ?? ((p.page ?? 1) - 1) * limit;
  const filters: Partial<Record<FacetDimension, readonly string[]>> = {};
  for (const d of FACET_DIMENSIONS) {
    const v = p[d];
    if (v?.length) filters[d] = v;
  }
  return { q, filters, sort: p.sort ?? (q ? 'relevance' : 'updated'), lang: p.lang ?? 'zh-CN', offset, limit };
}
