import { z } from 'zod';
import { Artifact, DatasetEntry, DiffSummary, PublishedField, VersionRecord } from '../../core/catalog/schema.ts';
import { DatasetSearchResponse } from '../../core/catalog/search/search-response.ts';
import { AnswerRows, SqlAnswer, SqlRequest } from '../../usecases/run-sql.ts';

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
      .array(
        z.strictObject({
          where: z.string(),
          message: z.string(),
          hint: z.string().optional(),
          zh: z.strictObject({ message: z.string(), hint: z.string().optional() }).optional().meta({
            description:
              "The same message and hint in simplified Chinese, with the same names, numbers and character positions: every field error of the API carries it (a request checked by a schema in the words of zod's zh-CN locale)",
          }),
        }),
      )
      .optional()
      .meta({ description: 'Field-level details (400, 422)' }),
    zh: z.strictObject({ detail: z.string(), hint: z.string().optional() }).optional().meta({
      description:
        "The detail (and hint, when there is one) in simplified Chinese, naming the same ids, numbers, files, parameters and columns as the English. Every problem of the API carries it (the 500 included, and the 404 and 410 of the files under /files/): the catalogue, downloads, queries, SQL, releases, API keys, metrics, feedback, data requests and webhooks, and the refusals of a request itself (unknown route or method, a body too large or not JSON, sign-in and rights). A request a schema refuses (search parameters, a JSON body) is said in the words of zod's zh-CN locale, field paths as they are (query.sort); the query API and POST /v1/sql say where, then the message ($where：未知的列 `nme`（第 1 个字符处）); a DuckDB message is quoted as the engine wrote it, a withdrawal's reason as its department did",
    }),
  })
  .meta({ description: 'RFC 9457 problem details; extra members such as reason (410) may appear' });

export const Health = z.strictObject({ status: z.literal('ok'), version: z.string(), time: z.string() });

export const VersionList = z.strictObject({ datasetId: z.string(), versions: z.array(VersionRecord) });

/** JSON answer of the query API (usecases/query-dataset.ts QueryAnswer). */
export const QueryAnswer = z.strictObject({
  dataset: z.string(),
  version: z.number().int().positive(),
  columns: z.array(
    z.strictObject({
      name: z.string(),
      type: z.string().meta({
        description:
          'The Table Schema type of the column (string, integer, number, boolean, date, datetime, …), as the catalogue lists its fields; POST /v1/sql reports DuckDB type names instead',
      }),
    }),
  ),
  rows: AnswerRows,
  truncated: z.boolean().meta({ description: 'More rows exist: follow `next`. Never silent truncation.' }),
  total: z.number().int().nonnegative().nullable().meta({
    description:
      'Exact number of rows the query answers over all its pages (distinct rows, groups, or 1 for an aggregate); the version row count for an unfiltered query. Null only in a query job result (Athena) whose page is truncated',
  }),
  next: z.string().nullable().meta({
    description:
      'The next page when truncated: the same query, resumed at its cursor. A POST whose query is too long for a URL gets a link holding only the position: POST the same body to it.',
  }),
});

/** 202 answer of the query routes for a version above the jobs threshold (usecases/query-dataset.ts). */
export const QueryJobAccepted = z
  .strictObject({
    jobId: z.string().meta({ description: 'Id of the asynchronous query (Athena query execution id in AWS)' }),
    state: z.literal('queued'),
    dataset: z.string(),
    version: z.number().int().positive(),
    status: z.string().meta({ description: 'URL to poll (also in the Location header)' }),
  })
  .meta({ description: 'The version is too large for a synchronous query: poll `status` for the result' });

const JOB_STATES = ['queued', 'running', 'succeeded', 'failed'] as const;

/** GET /v1/query-jobs/{jobId} (usecases/query-jobs.ts QueryJobView). */
export const QueryJob = z.strictObject({
  jobId: z.string(),
  state: z.enum(JOB_STATES),
  dataset: z.string(),
  version: z.number().int().positive(),
  submittedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  error: z
    .strictObject({
      code: z.string().meta({ description: 'scan-limit, timeout, invalid-query, cancelled or engine-error' }),
      message: z.string(),
    })
    .nullable(),
  result: z
    .string()
    .nullable()
    .meta({ description: 'When succeeded: the rows as a query answer (JSON, CSV or NDJSON), with `next` paging' }),
  download: z
    .string()
    .nullable()
    .meta({ description: "When succeeded: the engine's complete output file; the link expires (AWS: 1 hour)" }),
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
  QueryJobAccepted,
  QueryJob,
  SqlRequest,
  SqlAnswer,
  Health,
  Problem,
};
