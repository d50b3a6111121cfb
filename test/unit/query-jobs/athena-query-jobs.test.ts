import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import { ATHENA_MAX_QUERY_BYTES, AthenaQueryJobs } from '../../../functions/adapters/aws/athena-query-jobs.ts';
import type { PublishedField } from '../../../functions/core/catalog/schema.ts';
import { isAppError } from '../../../functions/core/errors.ts';
import { compileAthena } from '../../../functions/core/query/compile-athena.ts';
import { parseQueryParams } from '../../../functions/core/query/parse-query-params.ts';
import type { TableRef } from '../../../functions/ports/query-engine.ts';
import type { JobLabel } from '../../../functions/ports/query-jobs.ts';

/**
 * Athena cannot run here: a stand-in `send` records the commands and answers like the service. The
 * assertions are on the exact commands (workgroup, statement, no parameters) and on how answers
 * are read back.
 */
type Command = StartQueryExecutionCommand | GetQueryExecutionCommand | GetQueryResultsCommand;

function stubAthena(answer: (c: Command) => unknown) {
  const sent: Command[] = [];
  return {
    sent,
    client: {
      send: async (c: Command) => {
        sent.push(c);
        return answer(c);
      },
    } as never,
  };
}

const FIELDS: PublishedField[] = [
  { name: 'date', type: 'date', grade: 'public' },
  { name: 'weather', type: 'string', grade: 'public' },
  { name: 'temp_max', type: 'number', grade: 'public' },
];
const TABLE: TableRef = {
  datasetId: 'seattle-weather',
  version: 3,
  parquetKey: 'datasets/seattle-weather/v000003/data.parquet',
  sha256: 'a'.repeat(64),
  bytes: 5e9,
};
const LABEL: JobLabel = { dataset: 'seattle-weather', version: 3, params: { $where: "weather = 'it''s'" } };
const ID = '11111111-2222-4333-8444-555555555555';
const OPTIONS = { workgroup: 'opendata-dev', database: 'opendata_dev' };
const presign = async (bucket: string, key: string) => `https://${bucket}.s3.example/${key}?X-Amz-Signature=x`;

const compiled = () =>
  compileAthena(parseQueryParams({ $where: "weather = 'it''s' AND temp_max > 30.5" }, FIELDS, ['date']), FIELDS, {
    primaryKey: ['date'],
  });

describe('AthenaQueryJobs', () => {
  it('starts the compiled Trino SQL in the platform workgroup, over the version table, with quoted execution parameters', async () => {
    const athena = stubAthena(() => ({ QueryExecutionId: ID }));
    const jobs = new AthenaQueryJobs(athena.client, presign, OPTIONS);
    const query = compiled();
    expect(await jobs.submit({ data: TABLE }, query, LABEL)).toBe(ID);

    expect(athena.sent).toHaveLength(1);
    const cmd = athena.sent[0] as StartQueryExecutionCommand;
    expect(cmd).toBeInstanceOf(StartQueryExecutionCommand);
    const input = cmd.input;
    expect(input.WorkGroup).toBe('opendata-dev');
    expect(input.QueryExecutionContext).toEqual({ Catalog: 'AwsDataCatalog', Database: 'opendata_dev' });
    // Values are literals in the SQL text (Athena takes `?` only in WHERE): the string is quoted with its
    // quote doubled; the look-ahead limit is 101. No execution parameters are sent.
    expect(input.ExecutionParameters).toBeUndefined();
    expect(query.params).toEqual([]);
    expect(query.sql).toContain("'it''s'");
    expect(query.sql).toContain('CAST(30.5 AS DOUBLE)');
    expect(query.sql).toContain('LIMIT 101');
    const lines = (input.QueryString ?? '').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^-- opendata-job [A-Za-z0-9_-]+$/);
    expect(lines[1]).toBe('WITH "data" AS (SELECT * FROM "opendata_dev"."seattle_weather_v3")');
    expect(lines[2]).toBe(query.sql);
    // No `?` anywhere: nothing is left for Athena to substitute.
    expect(input.QueryString).not.toContain('?');
    expect(query.sql).toContain('FROM "data"');
  });

  it('refuses with a 400, before sending anything, a query whose SQL is longer than Athena takes', async () => {
    const athena = stubAthena(() => ({ QueryExecutionId: ID }));
    const jobs = new AthenaQueryJobs(athena.client, presign, OPTIONS);
    // The values are in the text, and the label repeats the request: a 60,000-character POSTed $q.
    const q = '中'.repeat(60_000);
    const label = { ...LABEL, params: { $q: q } };
    const query = compileAthena(parseQueryParams({ $q: q }, FIELDS, ['date'], { posted: true }), FIELDS, {
      primaryKey: ['date'],
    });
    expect(Buffer.byteLength(jobs.queryString({ data: TABLE }, query, label))).toBeGreaterThan(ATHENA_MAX_QUERY_BYTES);
    const error = await jobs.submit({ data: TABLE }, query, label).catch((e: unknown) => e);
    expect(isAppError(error) && error.status).toBe(400);
    expect(isAppError(error) && error.detail).toMatch(
      /^query: is too long for the engine that answers this version: [\d,]+ bytes of SQL, and Athena takes 262,144$/,
    );
    expect(athena.sent).toHaveLength(0);
    // A long query under the limit is sent.
    const short = compileAthena(parseQueryParams({ $q: '中'.repeat(1_000) }, FIELDS, ['date']), FIELDS, {
      primaryKey: ['date'],
    });
    await expect(jobs.submit({ data: TABLE }, short, LABEL)).resolves.toBe(ID);
  });

  it('reads status from GetQueryExecution: the label comes back from the query text; CANCELLED is failed', async () => {
    const athena1 = stubAthena(() => ({ QueryExecutionId: ID }));
    const jobs1 = new AthenaQueryJobs(athena1.client, presign, OPTIONS);
    await jobs1.submit({ data: TABLE }, compiled(), LABEL);
    const query = (athena1.sent[0] as StartQueryExecutionCommand).input.QueryString;

    const execution = (state: string, extra: Partial<QueryExecution['Status']> = {}): QueryExecution => ({
      QueryExecutionId: ID,
      Query: query,
      WorkGroup: 'opendata-dev',
      Status: {
        State: state as never,
        SubmissionDateTime: new Date('2026-03-01T10:00:00Z'),
        ...(state === 'SUCCEEDED' || state === 'FAILED'
          ? { CompletionDateTime: new Date('2026-03-01T10:00:09Z') }
          : {}),
        ...extra,
      },
    });
    const cases: Array<[QueryExecution, string, string | null]> = [
      [execution('QUEUED'), 'queued', null],
      [execution('RUNNING'), 'running', null],
      [execution('SUCCEEDED'), 'succeeded', null],
      [
        execution('CANCELLED', { StateChangeReason: 'Query cancelled! : Bytes scanned limit was exceeded' }),
        'failed',
        'scan-limit',
      ],
      [
        execution('FAILED', { AthenaError: { ErrorCategory: 2 }, StateChangeReason: 'HIVE_BAD_DATA: s3://secret/x' }),
        'failed',
        'invalid-query',
      ],
      [execution('FAILED', { StateChangeReason: 'internal thing at s3://bucket/key' }), 'failed', 'engine-error'],
    ];
    for (const [qe, state, code] of cases) {
      const athena = stubAthena(() => ({ QueryExecution: qe }));
      const status = await new AthenaQueryJobs(athena.client, presign, OPTIONS).status(ID);
      expect((athena.sent[0] as GetQueryExecutionCommand).input).toEqual({ QueryExecutionId: ID });
      expect(status?.state).toBe(state);
      expect(status?.label).toEqual(LABEL);
      expect(status?.submittedAt).toBe('2026-03-01T10:00:00.000Z');
      expect(status?.error?.code ?? null).toBe(code);
      // Athena's own reason (paths, internals) never reaches the client.
      expect(JSON.stringify(status)).not.toContain('s3://');
    }
  });

  it('treats executions of other workgroups, without a label, or unknown to Athena as no job', async () => {
    const other = stubAthena(() => ({
      QueryExecution: { Query: 'SELECT 1', WorkGroup: 'opendata-dev', Status: { State: 'SUCCEEDED' } },
    }));
    expect(await new AthenaQueryJobs(other.client, presign, OPTIONS).status(ID)).toBeNull();
    const elsewhere = stubAthena(() => ({
      QueryExecution: { Query: '-- opendata-job e30\nSELECT 1', WorkGroup: 'primary' },
    }));
    expect(await new AthenaQueryJobs(elsewhere.client, presign, OPTIONS).status(ID)).toBeNull();
    const unknown = stubAthena(() => {
      throw Object.assign(new Error('QueryExecution 1 was not found'), { name: 'InvalidRequestException' });
    });
    expect(await new AthenaQueryJobs(unknown.client, presign, OPTIONS).status(ID)).toBeNull();
  });

  it('reads results with GetQueryResults (header skipped, paged by NextToken, typed) and presigns the CSV', async () => {
    const info = [
      { Name: 'date', Type: 'date' },
      { Name: 'n', Type: 'bigint' },
      { Name: 'x', Type: 'double' },
      { Name: 'ok', Type: 'boolean' },
    ];
    const row = (...v: (string | undefined)[]) => ({
      Data: v.map((x) => (x === undefined ? {} : { VarCharValue: x })),
    });
    const athena = stubAthena((c) => {
      if (c instanceof GetQueryExecutionCommand) {
        return {
          QueryExecution: {
            WorkGroup: 'opendata-dev',
            Status: { State: 'SUCCEEDED' },
            ResultConfiguration: { OutputLocation: `s3://results-bucket/athena/${ID}.csv` },
          },
        };
      }
      const token = (c as GetQueryResultsCommand).input.NextToken;
      return token
        ? { ResultSet: { ResultSetMetadata: { ColumnInfo: info }, Rows: [row('2012-01-03', '3', undefined, 'false')] } }
        : {
            NextToken: 'page-2',
            ResultSet: {
              ResultSetMetadata: { ColumnInfo: info },
              Rows: [
                row('date', 'n', 'x', 'ok'),
                row('2012-01-01', '1', '1.5', 'true'),
                // Athena writes a division by zero as Infinity: null, as the DuckDB engine answers.
                row('2012-01-02', '2', '-Infinity', 'true'),
              ],
            },
          };
    });
    const out = await new AthenaQueryJobs(athena.client, presign, OPTIONS).result(ID, { maxRows: 3 });
    expect(out.rows).toEqual([
      ['2012-01-01', 1, 1.5, true],
      ['2012-01-02', 2, null, true],
      ['2012-01-03', 3, null, false],
    ]);
    expect(out.columns.map((c) => c.name)).toEqual(['date', 'n', 'x', 'ok']);
    expect(out.link).toBe(`https://results-bucket.s3.example/athena/${ID}.csv?X-Amz-Signature=x`);
    const reads = athena.sent.filter((c) => c instanceof GetQueryResultsCommand).map((c) => c.input);
    expect(reads).toEqual([
      { QueryExecutionId: ID, MaxResults: 4 },
      { QueryExecutionId: ID, MaxResults: 1, NextToken: 'page-2' },
    ]);

    // A status poll only wants the link: no GetQueryResults.
    const before = athena.sent.length;
    const linkOnly = await new AthenaQueryJobs(athena.client, presign, OPTIONS).result(ID, { maxRows: 0 });
    expect(linkOnly.rows).toEqual([]);
    expect(athena.sent.slice(before).every((c) => c instanceof GetQueryExecutionCommand)).toBe(true);
  });
});
