import { z } from 'zod';
import { Artifact, DatasetEntry, DiffSummary, PublishedField, VersionRecord } from '../../core/catalog/schema.ts';
import { DatasetSearchResponse } from '../../core/catalog/search/search-response.ts';
import { SqlAnswer, SqlRequest } from '../../usecases/run-sql.ts';

/**
 * Response and request shapes of the API as zod schemas. The catalogue ones are THE schemas of
 * core/catalog (what the API returns is what the pipeline stores and the site renders); the few
 * that exist only at the HTTP edge are defined here.
 */

/** RFC 9457 problem details, as http/problem.ts writes them. */
export const Problem = z
  .looseObject({
    type: z
      .string()
      .meta({ description: 'Stable problem type URI: /problems/<slug>', examples: ['/problems/not-found'] }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: 'What went wrong, for a person' }),
    hint: z.string().optional().meta({ description: 'What to do about it' }),
    instance: z.string().optional(),
    errors: z
      .array(z.strictObject({ where: z.string(), message: z.string(), hint: z.string().optional() }))
      .optional()
      .meta({ description: 'Field-level details (400, 422)' }),
  })
  .meta({ description: 'RFC 9457 problem details; extra members such as reason (410) may appear' });

export const Health = z.strictObject({ status: z.literal('ok'), version: z.string(), time: z.string() });

export const VersionList = z.strictObject({ datasetId: z.string(), versions: z.array(VersionRecord) });

/** JSON answer of the query API (usecases/query-dataset.ts QueryAnswer). */
export const QueryAnswer = z.strictObject({
  dataset: z.string(),
  version: z.number().int().positive(),
  columns: z.array(z.strictObject({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())),
  truncated: z.boolean().meta({ description: 'More rows exist: follow `next`. Never silent truncation.' }),
  total: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .meta({ description: 'Exact row count of the version for unfiltered queries' }),
  next: z.string().nullable(),
});

/** Body of POST /v1/datasets/{id}/query: the query-string parameters as a JSON object. */
export const QueryBody = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).meta({
  description: 'The same names as the query string: {"$where": "temp_max > 30", "$limit": 10, "weather": "sun"}',
});

/** Every named schema, in the order components list them. */
export const NAMED_SCHEMAS: Record<string, z.ZodType> = {
  DatasetEntry,
  DatasetSearchResponse,
  VersionRecord,
  VersionList,
  Artifact,
  PublishedField,
  DiffSummary,
  QueryAnswer,
  QueryBody,
  SqlRequest,
  SqlAnswer,
  Health,
  Problem,
};
