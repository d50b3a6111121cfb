import type { CompiledSql, ResultColumn, TableRef } from './query-engine.ts';

/** Life of an asynchronous query: Athena's own states, with CANCELLED folded into `failed`. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * What the API needs later to turn a finished job's rows into an answer: the dataset version and the
 * client's query as it was asked. The adapter stores it with the job and gives it back in `status`
 * (a job is answered by whichever function instance is polled, so nothing may live in memory).
 */
export interface JobLabel {
  readonly dataset: string;
  readonly version: number;
  /** The query-string parameters (GET) or the JSON body (POST) of the original request. */
  readonly params: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** Why a job failed, in words fit for a client: never the engine's internals. */
export interface JobError {
  /** `scan-limit` (bytes-scanned limit of the workgroup), `timeout`, `invalid-query` or `engine-error`. */
  readonly code: string;
  readonly message: string;
}

export interface JobStatus {
  readonly jobId: string;
  readonly state: JobState;
  readonly label: JobLabel;
  readonly submittedAt: string | null;
  readonly completedAt: string | null;
  readonly error: JobError | null;
}

/** The first rows of a finished job, and a time-limited link to the engine's complete output file. */
export interface JobRows {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly unknown[])[];
  /** Presigned S3 GET of Athena's CSV, or the local platform's result file; null when there is none. */
  readonly link: string | null;
}

/**
 * Runs compiled queries asynchronously: submit → job id → poll `status` → read `result`. Used for
 * versions too large for one function (Athena over the same Parquet); locally a background DuckDB run
 * gives the same API so the routing can be tested here.
 */
export interface QueryJobs {
  /** Which compiler the SQL must come from (`compileAthena` or `compileDuckDb`): the AST is the same. */
  readonly dialect: 'athena' | 'duckdb';
  /** Starts the query; `tables` maps each table name used in the SQL (`data`) to its version. */
  submit(tables: Readonly<Record<string, TableRef>>, query: CompiledSql, label: JobLabel): Promise<string>;
  /** null when there is no such job (unknown or expired id). */
  status(jobId: string): Promise<JobStatus | null>;
  /** Rows of a succeeded job, at most `maxRows` of them (header excluded). */
  result(jobId: string, options: { maxRows: number }): Promise<JobRows>;
}

/** Job ids are UUIDs (Athena query execution ids, and the local adapter's): anything else is unknown. */
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
