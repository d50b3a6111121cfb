import { z } from 'zod';
import { DatasetEntry } from '../schema.ts';
import { MatchedValue } from './matched-values.ts';
import { FACET_DIMENSIONS, SORTS } from './search-request.ts';

const FacetValue = z.strictObject({
  value: z.string(),
  /** Datasets with this value, counted with every other filter applied. */
  count: z.number().int().nonnegative(),
  label: z.strictObject({ 'zh-CN': z.string().optional(), en: z.string().optional() }).optional(),
  /** The value is one of the active filters. */
  selected: z.boolean(),
});

/** The answer of GET /v1/datasets. */
export const DatasetSearchResponse = z.strictObject({
  q: z.string().nullable(),
  /**
   * The spelling correction searched instead, when q matched nothing and a one-edit correction of its
   * Latin words of 5+ letters matched something (`seatle` → `seattle`); null otherwise.
   */
  correctedQ: z.string().nullable(),
  sort: z.enum(SORTS),
  /** Datasets matching q and every filter (all pages). */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  /** 1-based page when the page size divides the offset. */
  page: z.number().int().positive(),
  /**
   * The page of datasets, best first, without their `valueProfile` (up to 8 KB each: the entry,
   * `GET /v1/datasets/{id}`, has it).
   */
  datasets: z.array(DatasetEntry),
  /** Relevance score of each returned dataset, by id (0 without q). */
  scores: z.record(z.string(), z.number()),
  /**
   * Why a returned dataset matched through its data, by id: the common values (`valueProfile`) that
   * matched query terms found in none of its metadata, at most 3 per dataset. Datasets whose metadata
   * explains every term are absent; so is every dataset without q.
   */
  matchedValues: z.record(z.string(), z.array(MatchedValue)).meta({
    description:
      'By dataset id: the common values of its data (valueProfile) that matched query terms found in none of its metadata, at most 3; absent when the metadata explains every term',
  }),
  /** Counts per filter dimension. */
  facets: z.strictObject(
    Object.fromEntries(FACET_DIMENSIONS.map((d) => [d, z.array(FacetValue)])) as Record<
      (typeof FACET_DIMENSIONS)[number],
      z.ZodArray<typeof FacetValue>
    >,
  ),
  /**
   * `next` while results remain; `prev` on any page but the first, one page back but never past the
   * end: from beyond the last result it is the last page (`search-datasets.ts`, `prevOffset`).
   */
  links: z.strictObject({ self: z.string(), next: z.string().nullable(), prev: z.string().nullable() }),
});
export type DatasetSearchResponse = z.output<typeof DatasetSearchResponse>;
