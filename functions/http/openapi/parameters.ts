import { z } from 'zod';
import { DOWNLOADABLE } from '../../core/catalog/artifact-keys.ts';
import { SearchParams } from '../../core/catalog/search/search-request.ts';
import { QUERY_LIMITS } from '../../core/query/limits.ts';

type Param = Record<string, unknown>;

const schemaOf = (s: z.ZodType) => {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const SEARCH_DESCRIPTIONS: Record<string, string> = {
  q: 'Free text in Chinese or English over titles, descriptions, keywords, column names and titles, and publishers. Every term must match: Chinese as a whole term or by character bigrams covering it (traditional characters read as simplified), Latin words whole (singular or plural; the last term also as a word prefix from 3 letters), pinyin of titles and keywords (tianqi, xzqh). The exact phrase ranks first, title matches above description matches. When nothing matches, one-edit corrections of words of 5+ letters are tried (`correctedQ`). At most 16 distinct terms and 400 characters after Unicode normalization, else 400.',
  theme: 'Theme ids, comma-separated or repeated (any of them), e.g. environment,transport',
  publisher: 'Publisher ids (any of them)',
  license: 'Licence ids, SPDX or LicenseRef-… (any of them)',
  format: 'Published formats: csv, parquet, ndjson, json (any of them)',
  frequency: 'Update frequencies: daily, weekly, monthly, quarterly, semiannual, annual, irregular (any of them)',
  sort: 'relevance (default with q; best first, ties most recently updated first, then by id), updated (default without q; newest first, then by id) or title (in the language of lang: Chinese titles by pinyin, English ones alphabetically; then by id). Without q every score is 0, so sort=relevance gives the order of sort=updated',
  lang: 'Language of titles for sort=title (default zh-CN)',
  page: '1-based page number (with per_page)',
  per_page: 'Datasets per page, 1–100 (default 20)',
  limit: 'Datasets per page, 1–100 (alternative to per_page, with offset)',
  offset:
    'Datasets to skip, at most 10000 (with limit). Past the last result the page is empty and links.prev points to the last page',
};

/** Parameters of GET /v1/datasets, generated from the SearchParams zod schema. */
export function searchParameters(): Param[] {
  return Object.entries(SearchParams.shape).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    description: SEARCH_DESCRIPTIONS[name] ?? name,
    schema: schemaOf((s as z.ZodOptional<z.ZodType>).unwrap()),
  }));
}

export const ID_PARAM: Param = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Dataset id (a lower-case slug)',
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
  example: 'seattle-weather',
};

export const VERSION_PARAM: Param = {
  name: 'version',
  in: 'path',
  required: true,
  description: 'A version number (immutable answers, cached for a year) or `latest` (short-lived caching)',
  schema: {
    oneOf: [
      { type: 'string', pattern: '^[1-9][0-9]{0,9}$' },
      { type: 'string', const: 'latest' },
    ],
  },
  example: '1',
};

export const FILE_PARAM: Param = {
  name: 'file',
  in: 'path',
  required: true,
  description:
    'A file of the version: the data in each format, the Frictionless datapackage.json, the reports, SHA256SUMS',
  schema: { type: 'string', enum: [...DOWNLOADABLE] },
};

const soql = (name: string, description: string, example?: string): Param => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string', maxLength: QUERY_LIMITS.maxInputLength },
  ...(example ? { example } : {}),
});

/** Parameters of GET /v1/datasets/{id}/query: SoQL, paging, version, format and column filters. */
export function queryParameters(): Param[] {
  return [
    soql(
      '$select',
      'Columns, aliases, functions (upper, lower, starts_with, date_trunc_y|ym|ymd, date_extract_y|m|d|hh|mm|ss|dow|woy) and aggregates (count, count(distinct x), sum, avg, min, max); `distinct a, b` for one row per distinct combination; the system field :id is the row position in the version file (docs/query.md)',
      'date, temp_max AS high',
    ),
    soql(
      '$where',
      'Filter: comparisons, IN / NOT IN, BETWEEN, LIKE, IS [NOT] NULL, AND / OR / NOT with parentheses, the functions of $select and :id',
      "temp_max > 30 AND weather = 'sun'",
    ),
    soql(
      '$order',
      'Sort: columns, aliases, expressions or :id with ASC / DESC and NULLS FIRST / NULLS LAST (default: NULLs last). Text sorts by pinyin (ICU zh collation: Chinese before Latin letters, lower case before upper), as Chinese spreadsheets do; by code point on versions answered by Athena (docs/query.md)',
      'temp_max DESC',
    ),
    soql('$group', 'Group by columns (with aggregates in $select)', 'weather'),
    soql('$having', 'Filter on aggregates', 'count(*) > 10'),
    soql('$q', 'Full-text search over the text columns (Chinese included)', '北京'),
    {
      name: '$limit',
      in: 'query',
      required: false,
      description: `Rows per page (default ${QUERY_LIMITS.defaultLimit}, at most ${QUERY_LIMITS.maxLimit}); more rows set truncated and a next link`,
      schema: { type: 'integer', minimum: 1, maximum: QUERY_LIMITS.maxLimit },
    },
    {
      name: '$offset',
      in: 'query',
      required: false,
      description: `Rows to skip (at most ${QUERY_LIMITS.maxOffset}); prefer the cursor of the next link`,
      schema: { type: 'integer', minimum: 0, maximum: QUERY_LIMITS.maxOffset },
    },
    {
      name: '$$total',
      in: 'query',
      required: false,
      description:
        "false: leave the count of a filtered query's rows out (`total` may be null), which spares its first page a count(*) over the filter; default true (like CKAN's include_total)",
      schema: { type: 'string', enum: ['true', 'false'] },
    },
    {
      name: 'cursor',
      in: 'query',
      required: false,
      description: "Keyset cursor from a previous answer's next link",
      schema: { type: 'string', maxLength: 8000 },
    },
    {
      name: 'version',
      in: 'query',
      required: false,
      description: 'Version number to query (default: latest). Pinned answers are immutable.',
      schema: {
        oneOf: [
          { type: 'string', pattern: '^[1-9][0-9]{0,9}$' },
          { type: 'string', const: 'latest' },
        ],
      },
    },
    {
      name: 'format',
      in: 'query',
      required: false,
      description:
        'Output format; wins over Accept, which is negotiated by q-value (q=0: not acceptable; ties: JSON, CSV, NDJSON; nothing acceptable: JSON)',
      schema: { type: 'string', enum: ['json', 'csv', 'ndjson'] },
    },
    {
      name: 'filters',
      in: 'query',
      required: false,
      description:
        'Equality filters: any other parameter name is a column, `?weather=sun` keeps rows whose weather is sun',
      style: 'form',
      explode: true,
      schema: { type: 'object', additionalProperties: { type: 'string' } },
    },
  ];
}
