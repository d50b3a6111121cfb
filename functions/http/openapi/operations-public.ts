/** OpenAPI operations of the public API and the shared response pieces. */
import { MAX_PAGE_BYTES } from '../../core/query/page-bytes.ts';
import { SQL_DEFAULT_ROWS, SQL_MAX_ROWS } from '../../usecases/run-sql.ts';
import { FILE_PARAM, ID_PARAM, queryParameters, searchParameters, VERSION_PARAM } from './parameters.ts';

export type Obj = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const jsonContent = (schema: string) => ({ 'application/json': { schema: ref(schema) } });

/** Problem responses, shared by every operation that can answer them. */
export const PROBLEM_RESPONSES: Record<string, { status: string; description: string }> = {
  BadRequest: {
    status: '400',
    description:
      'Invalid request: the problem names the parameter or column at fault (also: X-API-Key and Authorization: Bearer carrying different keys)',
  },
  NotFound: { status: '404', description: 'No such dataset, version or file' },
  Gone: { status: '410', description: 'The version was withdrawn; `reason` and `withdrawnAt` say why and when' },
  Timeout: { status: '408', description: 'The query ran longer than the time limit and was stopped' },
  TooLarge: { status: '413', description: 'The request body is too large' },
  UnsupportedMediaType: {
    status: '415',
    description: 'The body is not declared as JSON (e.g. text/plain or a form): send Content-Type: application/json',
  },
  Unprocessable: {
    status: '422',
    description:
      'The query hit a resource limit (memory), or one row is larger than an answer carries (`rowBytes`, `maxBytes`): select fewer or shorter columns',
  },
  Unauthorized: {
    status: '401',
    description: 'Authentication required, or the API key sent is not valid, revoked or expired',
  },
  Forbidden: {
    status: '403',
    description: "The caller may not do this (on public routes: an API key without the route's scope)",
  },
  Conflict: { status: '409', description: 'The resource is in another state' },
  TooManyRequests: {
    status: '429',
    description:
      "Rate limit or daily quota reached; Retry-After says when to retry, X-RateLimit-* describe the limit that refused (X-Quota-* the key's quota)",
  },
  Internal: { status: '500', description: 'Unexpected error; nothing internal is shown' },
  // The access check of every route (API key, rate limits) when its store fails: never anonymous access.
  Unavailable: {
    status: '503',
    description: 'The API key and rate limits could not be checked just now; Retry-After says when to retry',
  },
};
export const problems = (...names: (keyof typeof PROBLEM_RESPONSES)[]) =>
  Object.fromEntries(
    [...names, 'TooManyRequests', 'Internal', 'Unavailable'].map((n) => [
      PROBLEM_RESPONSES[n]!.status,
      { $ref: `#/components/responses/${n}` },
    ]),
  );

export const CACHE_HEADERS = {
  ETag: { $ref: '#/components/headers/ETag' },
  'Cache-Control': { $ref: '#/components/headers/CacheControl' },
};
export const ok = (description: string, schema: string, extra: Obj = {}) => ({
  description,
  headers: CACHE_HEADERS,
  content: jsonContent(schema),
  ...extra,
});
export const NOT_MODIFIED = {
  '304': { description: 'Not modified (If-None-Match matched the ETag)', headers: CACHE_HEADERS },
};

const JOB_ID_PARAM = {
  name: 'jobId',
  in: 'path',
  required: true,
  description: 'Job id from the Location of a 202 answer of the query route',
  schema: { type: 'string', format: 'uuid' },
};

/** Operations of the public catalogue, download and query routes, by route key. */
export const PUBLIC_OPERATIONS: Record<string, Obj> = {
  'GET /v1/health': {
    operationId: 'getHealth',
    tags: ['Platform'],
    summary: 'Liveness and running version',
    description:
      'Not counted against the anonymous rate limit, so a monitor behind a shared address keeps seeing the platform up (a request with an API key is counted as usual).',
    responses: { '200': { description: 'The platform is up', content: jsonContent('Health') }, ...problems() },
  },
  'GET /v1/openapi.json': {
    operationId: 'getOpenApi',
    tags: ['Platform'],
    summary: 'This OpenAPI 3.1 description',
    description: 'Not counted against the anonymous rate limit (a request with an API key is counted as usual).',
    responses: {
      '200': {
        description: 'The OpenAPI document',
        headers: CACHE_HEADERS,
        content: { 'application/json': { schema: { type: 'object' } } },
      },
      ...NOT_MODIFIED,
      ...problems(),
    },
  },
  'GET /v1/datasets': {
    operationId: 'searchDatasets',
    tags: ['Catalogue'],
    summary: 'Search and filter datasets, with facet counts',
    description:
      'Full-text search in Chinese and English, filters (ORed within a dimension, ANDed across), sort, pagination and facet counts. The counts of each facet are computed with every other filter applied.',
    parameters: searchParameters(),
    responses: {
      '200': ok('A page of datasets with facets', 'DatasetSearchResponse'),
      ...NOT_MODIFIED,
      ...problems('BadRequest'),
    },
  },
  'GET /v1/datasets/{id}': {
    operationId: 'getDataset',
    tags: ['Catalogue'],
    summary:
      'A dataset: metadata and its latest published version; 410 once every version is withdrawn (`versions` lists them with their reasons)',
    parameters: [ID_PARAM],
    responses: { '200': ok('The catalogue entry', 'DatasetEntry'), ...NOT_MODIFIED, ...problems('NotFound', 'Gone') },
  },
  'GET /v1/datasets/{id}/versions': {
    operationId: 'listVersions',
    tags: ['Catalogue'],
    summary: 'Every visible version of a dataset (published and withdrawn)',
    parameters: [ID_PARAM],
    responses: { '200': ok('Versions, ascending', 'VersionList'), ...NOT_MODIFIED, ...problems('NotFound') },
  },
  'GET /v1/datasets/{id}/versions/{version}': {
    operationId: 'getVersion',
    tags: ['Catalogue'],
    summary: 'One version: fields, row count, files with sha256, de-identification summary, diff',
    description:
      'A version number answers `Cache-Control: public, max-age=31536000, immutable`; `latest` answers short-lived caching. A withdrawn version stays readable here with its `withdrawn` reason.',
    parameters: [ID_PARAM, VERSION_PARAM],
    responses: {
      '200': ok('The version record', 'VersionRecord'),
      ...NOT_MODIFIED,
      ...problems('BadRequest', 'NotFound'),
    },
  },
  'GET /v1/datasets/{id}/versions/{version}/{file}': {
    operationId: 'downloadFile',
    tags: ['Downloads'],
    summary: 'Download a file of a version',
    description:
      'Redirects (302) to the immutable file, served with Range requests (206/416), ETag and If-None-Match (304), `Repr-Digest: sha-256=:…:` (the sha256 the datapackage lists; also `Content-Digest` on a full 200, RFC 9530) and a Content-Disposition file name `<dataset>-v<N>-<file>` (always on the local platform; in AWS on files published since this version of the platform, as files already published are immutable and keep the headers they were stored with).',
    parameters: [ID_PARAM, VERSION_PARAM, FILE_PARAM],
    responses: {
      '302': {
        description: 'The file location',
        headers: {
          Location: { description: 'URL of the immutable file', schema: { type: 'string' } },
          'Cache-Control': { $ref: '#/components/headers/CacheControl' },
        },
      },
      ...problems('BadRequest', 'NotFound', 'Gone'),
    },
  },
  'GET /v1/datasets/{id}/query': {
    operationId: 'queryDataset',
    tags: ['Query'],
    summary: 'Query a version with SoQL parameters',
    description:
      'SoQL-compatible parameters parsed by a real grammar and compiled to parameterized SQL; equality filters `?column=value`; keyset pagination by `cursor` (the `next` link) or `$offset`. Unknown columns and type mismatches answer 400 naming the column, and so does a parameter given twice (API Gateway would join the values with commas).',
    parameters: [ID_PARAM, ...queryParameters()],
    responses: queryResponses(),
  },
  'POST /v1/datasets/{id}/query': {
    operationId: 'queryDatasetPost',
    tags: ['Query'],
    summary: 'Query a version with SoQL parameters in a JSON body (for long queries)',
    description:
      'The body holds the query (the same names as the query string), and so may the URL: filters, `$` parameters, `version` and `format` in either. A name given in both must have the same value, else 400 naming it (a body\'s `"version": "latest"` yields to the URL\'s version, which a `next` link pins). As in a `next` link, a `cursor` or `$offset` in the URL replaces the body\'s. `null` leaves out a `$` parameter, `version`, `format` or `cursor`; a null filter is a 400 (keep rows with no value by `$where=column IS NULL`). `next` carries the whole query when it fits in a URL (GET it, or POST the same body to it); a longer query\'s `next` holds only the position: POST the same body to it.',
    parameters: [ID_PARAM, ...queryParameters()],
    requestBody: { required: true, content: jsonContent('QueryBody') },
    responses: { ...queryResponses(), ...problems('UnsupportedMediaType') },
  },
  'GET /v1/query-jobs/{jobId}': {
    operationId: 'getQueryJob',
    tags: ['Query'],
    summary: 'State of an asynchronous query (large versions), and its result links when done',
    description:
      'Poll until `state` is `succeeded` (then `result` links the rows) or `failed` (then `error` says why, e.g. `scan-limit`). Never cached.',
    parameters: [JOB_ID_PARAM],
    responses: {
      '200': {
        description: 'The job',
        content: jsonContent('QueryJob'),
        headers: { 'Cache-Control': { $ref: '#/components/headers/CacheControl' } },
      },
      ...problems('NotFound'),
    },
  },
  'GET /v1/query-jobs/{jobId}/result': {
    operationId: 'getQueryJobResult',
    tags: ['Query'],
    summary: 'Rows of a succeeded asynchronous query, as the query route answers them',
    description:
      'The same answer as a synchronous query: JSON (with column names and types), CSV or NDJSON; `next` asks the query route for the following page (a new job). 409 while the job is not `succeeded`.',
    parameters: [JOB_ID_PARAM, queryParameters().find((p) => p.name === 'format')!],
    responses: {
      '200': queryResponses()['200'],
      ...NOT_MODIFIED,
      ...problems('NotFound', 'Conflict', 'Gone', 'Unprocessable'),
    },
  },
  'POST /v1/sql': {
    operationId: 'runSql',
    tags: ['Query'],
    summary: 'Run one read-only SELECT over published datasets',
    description: `Tables are dataset ids (quote them: \`"seattle-weather"\`), \`"id@2"\` pins version 2. DuckDB's parser must see exactly one SELECT; table functions and functions that reveal the environment are refused. Time limit 5 s by default (408), memory limit (422), at most \`limit\` rows (default ${SQL_DEFAULT_ROWS}, max ${SQL_MAX_ROWS}) and at most ${MAX_PAGE_BYTES} bytes of rows (measured as NDJSON): rows left out set \`truncated\`, \`truncatedBy\` (\`rows\` or \`bytes\`) and a \`hint\`. There is no cursor: get the rest with ORDER BY on a unique key plus LIMIT/OFFSET in the SQL, or with the query API, whose \`next\` link pages. A single row larger than an answer is a 422. \`format\` goes in the URL or the body (the same value if both). Column types are DuckDB's names (VARCHAR, BIGINT, …); integers beyond ±(2^53 - 1) are JSON strings. Unknown tables answer 400 naming them.`,
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: ref('SqlRequest'),
          example: { sql: 'SELECT weather, count(*) AS days FROM "seattle-weather" GROUP BY weather', limit: 100 },
        },
      },
    },
    parameters: [queryParameters().find((p) => p.name === 'format')!],
    responses: {
      '200': {
        description:
          'The rows: JSON (with column types and the resolved versions), CSV (UTF-8 with BOM, formula-safe) or NDJSON',
        content: {
          ...jsonContent('SqlAnswer'),
          'text/csv': { schema: { type: 'string' } },
          'application/x-ndjson': { schema: { type: 'string' } },
        },
        headers: {
          'Cache-Control': { $ref: '#/components/headers/CacheControl' },
          'X-Truncated': {
            description:
              'true when rows were left out: more than `limit` rows, or more than one answer carries (CSV and NDJSON; JSON has `truncated`)',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
          'X-Truncated-By': {
            description:
              'When truncated, which cap left rows out: `rows` (`limit`) or `bytes` (CSV and NDJSON; JSON has `truncatedBy`)',
            schema: { type: 'string', enum: ['rows', 'bytes'] },
          },
        },
      },
      ...problems('BadRequest', 'Timeout', 'TooLarge', 'UnsupportedMediaType', 'Unprocessable', 'Gone'),
    },
  },
};

function queryResponses(): Obj {
  const paging = {
    'X-Truncated': {
      description: 'true when more rows exist (follow Link rel=next)',
      schema: { type: 'string', enum: ['true', 'false'] },
    },
    'X-Total-Count': {
      description:
        'Exact number of rows the query answers over all its pages (as `total`); absent in a truncated query job result',
      schema: { type: 'integer' },
    },
    Link: { description: 'rel="next" link to the next page', schema: { type: 'string' } },
    ...CACHE_HEADERS,
  };
  return {
    '200': {
      description: 'Rows in JSON (with column names and types), CSV or NDJSON',
      headers: paging,
      content: {
        'application/json': { schema: ref('QueryAnswer') },
        'text/csv': { schema: { type: 'string' } },
        'application/x-ndjson': { schema: { type: 'string' } },
      },
    },
    '202': {
      description: `The version's Parquet is larger than the asynchronous threshold (512 MiB in AWS, 2 GiB locally; set by ATHENA_THRESHOLD_BYTES, never above 512 MiB in AWS): the query runs as a job (Athena). Poll the Location.`,
      headers: {
        Location: { description: 'GET /v1/query-jobs/{jobId} of the new job', schema: { type: 'string' } },
        'Retry-After': { description: 'Seconds to wait before the first poll', schema: { type: 'integer' } },
      },
      content: jsonContent('QueryJobAccepted'),
    },
    ...NOT_MODIFIED,
    ...problems('BadRequest', 'NotFound', 'Gone', 'Timeout', 'Unprocessable'),
  };
}
