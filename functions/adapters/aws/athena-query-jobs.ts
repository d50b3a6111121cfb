import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { queryError } from '../../core/query/query-error.ts';
import { quoteIdent } from '../../core/sql/quote.ts';
import type { CompiledSql, ResultColumn, TableRef } from '../../ports/query-engine.ts';
import type { JobError, JobLabel, JobRows, JobState, JobStatus, QueryJobs } from '../../ports/query-jobs.ts';
import { versionTableName } from '../../ports/table-catalog.ts';

/** Presigns a GET of one object (the query's result CSV) for a limited time. */
export type PresignGet = (bucket: string, key: string) => Promise<string>;

/**
 * The job's label travels in the query text as a leading line comment: Athena keeps the text of every
 * execution (45 days), so any function instance can answer a poll without a job table. The label is
 * base64url (letters, digits, `-`, `_`): it cannot end the comment, add a `?` placeholder or change the
 * statement.
 */
const LABEL_COMMENT = '-- opendata-job ';

/**
 * Athena query result reuse (engine version 3; the workgroup's AUTO selects it): an execution whose
 * text, database and result configuration match one at most this old points at that result.
 */
export const RESULT_REUSE_MAX_AGE_MINUTES = 24 * 60;

const STATES: Readonly<Record<string, JobState>> = {
  QUEUED: 'queued',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'failed',
};

/**
 * Athena query jobs in the platform workgroup (whose configuration is enforced: results location,
 * encryption and the bytes-scanned limit per query). The compiled SQL reads the table `data`; a CTE
 * binds that name to the version's Glue table, so the compiler's output runs unchanged.
 */
/** Athena's limit on a query string (StartQueryExecution `QueryString`), in bytes. */
export const ATHENA_MAX_QUERY_BYTES = 262_144;

export class AthenaQueryJobs implements QueryJobs {
  readonly dialect = 'athena' as const;

  private readonly athena: Pick<AthenaClient, 'send'>;
  private readonly presign: PresignGet;
  private readonly options: { workgroup: string; database: string };

  constructor(
    athena: Pick<AthenaClient, 'send'>,
    presign: PresignGet,
    options: { workgroup: string; database: string },
  ) {
    this.athena = athena;
    this.presign = presign;
    this.options = options;
  }

  async submit(tables: Readonly<Record<string, TableRef>>, query: CompiledSql, label: JobLabel): Promise<string> {
    // compileAthena writes every value into the text (Athena takes `?` only in WHERE): no parameters.
    if (query.params.length)
      throw new Error('Athena SQL must come from compileAthena, with values written as literals');
    const queryString = this.queryString(tables, query, label);
    const bytes = Buffer.byteLength(queryString, 'utf8');
    if (bytes > ATHENA_MAX_QUERY_BYTES) {
      // Athena would refuse it (InvalidRequestException): the values are written into the text, and
      // the label repeats the request. A 400 the client can act on, not a 500.
      const [size, max] = [bytes.toLocaleString('en'), ATHENA_MAX_QUERY_BYTES.toLocaleString('en')];
      throw queryError(
        'query',
        {
          message: `is too long for the engine that answers this version: ${size} bytes of SQL, and Athena takes ${max}`,
          hint: 'shorten $q, the IN lists or the expressions, or split the query into several',
        },
        {
          message: `对回答这个版本的引擎来说太长：SQL 有 ${size} 字节，而 Athena 最多接受 ${max} 字节`,
          hint: '请缩短 $q、IN 列表或表达式，或把查询拆成几个',
        },
      );
    }
    const out = await this.athena.send(
      new StartQueryExecutionCommand({
        WorkGroup: this.options.workgroup,
        QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: this.options.database },
        QueryString: queryString,
        // Versions are immutable and the label (dataset, version, the whole request) is in the text, so an
        // identical text is the same question: Athena answers it from the earlier result, scanning nothing.
        // A withdrawn version is refused before anything is submitted; results live 7 days, reuse 1 day.
        ResultReuseConfiguration: {
          ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: RESULT_REUSE_MAX_AGE_MINUTES },
        },
      }),
    );
    if (!out.QueryExecutionId) throw new Error('Athena returned no query execution id');
    return out.QueryExecutionId;
  }

  /** The statement Athena runs: label comment, CTEs binding each table name to its Glue table, the SQL. */
  queryString(tables: Readonly<Record<string, TableRef>>, query: CompiledSql, label: JobLabel): string {
    const ctes = Object.entries(tables).map(
      ([name, ref]) =>
        `${quoteIdent(name)} AS (SELECT * FROM ${quoteIdent(this.options.database)}.${quoteIdent(versionTableName(ref.datasetId, ref.version))})`,
    );
    const encoded = Buffer.from(JSON.stringify(label), 'utf8').toString('base64url');
    return `${LABEL_COMMENT}${encoded}\nWITH ${ctes.join(', ')}\n${query.sql}`;
  }

  async status(jobId: string): Promise<JobStatus | null> {
    const execution = await this.execution(jobId);
    if (!execution) return null;
    const label = parseLabel(execution.Query ?? '');
    if (!label) return null;
    const state = STATES[execution.Status?.State ?? 'QUEUED'] ?? 'queued';
    return {
      jobId,
      state,
      label,
      submittedAt: execution.Status?.SubmissionDateTime?.toISOString() ?? null,
      completedAt: execution.Status?.CompletionDateTime?.toISOString() ?? null,
      error: state === 'failed' ? jobError(execution) : null,
    };
  }

  async result(jobId: string, options: { maxRows: number }): Promise<JobRows> {
    const execution = await this.execution(jobId);
    if (execution?.Status?.State !== 'SUCCEEDED') throw new Error(`query job ${jobId} has not succeeded`);
    let columns: ResultColumn[] = [];
    const rows: unknown[][] = [];
    let token: string | undefined;
    let header = true;
    // maxRows 0: only the link is wanted (a status poll), no GetQueryResults call.
    while (rows.length < options.maxRows) {
      const page = await this.athena.send(
        new GetQueryResultsCommand({
          QueryExecutionId: jobId,
          // The first page starts with the header row; Athena serves at most 1000 rows per call.
          MaxResults: Math.min(1000, options.maxRows - rows.length + (header ? 1 : 0)),
          ...(token ? { NextToken: token } : {}),
        }),
      );
      const info = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      if (columns.length === 0)
        columns = info.map((c) => ({ name: c.Name ?? '', type: (c.Type ?? 'varchar').toUpperCase() }));
      for (const row of page.ResultSet?.Rows ?? []) {
        if (header) {
          header = false;
          continue;
        }
        if (rows.length >= options.maxRows) break;
        rows.push((row.Data ?? []).map((d, i) => fromText(d.VarCharValue, info[i]?.Type ?? 'varchar')));
      }
      token = page.NextToken;
      if (!token) break;
    }
    const output = execution.ResultConfiguration?.OutputLocation;
    const location = output ? /^s3:\/\/([^/]+)\/(.+)$/.exec(output) : null;
    const link = location ? await this.presign(location[1] as string, location[2] as string) : null;
    return { columns, rows, link };
  }

  private async execution(jobId: string): Promise<QueryExecution | null> {
    try {
      const out = await this.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: jobId }));
      // Only executions of our workgroup are jobs of this API.
      return out.QueryExecution?.WorkGroup === this.options.workgroup ? out.QueryExecution : null;
    } catch (e) {
      if ((e as { name?: string }).name === 'InvalidRequestException') return null;
      throw e;
    }
  }
}

function parseLabel(query: string): JobLabel | null {
  if (!query.startsWith(LABEL_COMMENT)) return null;
  const end = query.indexOf('\n');
  try {
    const label = JSON.parse(Buffer.from(query.slice(LABEL_COMMENT.length, end), 'base64url').toString('utf8'));
    return typeof label?.dataset === 'string' && Number.isInteger(label?.version) ? (label as JobLabel) : null;
  } catch {
    return null;
  }
}

/** Athena's reason in client terms: the scan limit is named; anything else is not shown. */
function jobError(execution: QueryExecution): JobError {
  const reason = execution.Status?.StateChangeReason ?? '';
  if (execution.Status?.State === 'CANCELLED' && !/bytes scanned/i.test(reason)) {
    return { code: 'cancelled', message: 'the query was cancelled' };
  }
  if (/bytes scanned limit/i.test(reason)) {
    return {
      code: 'scan-limit',
      message: 'the query would read more data than one query may scan; add filters or download the Parquet file',
    };
  }
  // ErrorCategory 2 = user error (e.g. a type Athena's Parquet reader rejects): not retryable as is.
  if (execution.Status?.AthenaError?.ErrorCategory === 2) {
    return { code: 'invalid-query', message: 'the query engine refused this query for this dataset' };
  }
  return { code: 'engine-error', message: 'the query failed in the query engine; try again later' };
}

/** GetQueryResults gives every value as text (NULL as no value): back to JSON values by column type. */
function fromText(value: string | undefined, type: string): unknown {
  if (value === undefined) return null;
  switch (type.toLowerCase()) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    }
    case 'double':
    case 'float':
    case 'real': {
      // NaN and ±Infinity (a division by zero) are null, as in the DuckDB engine's answers.
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      return value === 'true';
    default:
      return value;
  }
}
