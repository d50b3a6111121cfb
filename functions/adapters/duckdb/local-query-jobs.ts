import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAppError } from '../../core/errors.ts';
import type { CompiledSql, QueryEngine, QueryResult, TableRef } from '../../ports/query-engine.ts';
import {
  JOB_ID,
  type JobError,
  type JobLabel,
  type JobRows,
  type JobStatus,
  type QueryJobs,
} from '../../ports/query-jobs.ts';

export interface LocalQueryJobsOptions {
  /** The DuckDB engine of the local platform (the same one the synchronous path uses). */
  readonly engine: QueryEngine;
  /** Where job records and result files are kept (`<data>/query-jobs`). */
  readonly directory: string;
  /** Public URL of a job's result file, served by the local platform. */
  readonly resultUrl: (jobId: string) => string;
  /** Time limit of one job (longer than a synchronous query: nobody waits on the connection). */
  readonly timeoutMs: number;
}

interface JobRecord extends Omit<JobStatus, 'jobId'> {}

/**
 * The asynchronous query API on one machine: `submit` records the job and runs the DuckDB-compiled
 * query in the background; the result is stored as `<id>.result.json` (columns + rows), which the
 * local platform serves at `resultUrl`, as S3 serves Athena's CSV in AWS. Records are files written
 * atomically (temp + rename), so a poll never reads half a record.
 */
export class LocalQueryJobs implements QueryJobs {
  readonly dialect = 'duckdb' as const;
  private readonly running = new Set<Promise<void>>();

  private readonly options: LocalQueryJobsOptions;

  constructor(options: LocalQueryJobsOptions) {
    this.options = options;
  }

  async submit(tables: Readonly<Record<string, TableRef>>, query: CompiledSql, label: JobLabel): Promise<string> {
    const jobId = randomUUID();
    const record: JobRecord = {
      state: 'queued',
      label,
      submittedAt: new Date().toISOString(),
      completedAt: null,
      error: null,
    };
    await mkdir(this.options.directory, { recursive: true });
    await this.write(`${jobId}.job.json`, record);
    const run = this.run(jobId, record, tables, query).finally(() => this.running.delete(run));
    this.running.add(run);
    return jobId;
  }

  async status(jobId: string): Promise<JobStatus | null> {
    if (!JOB_ID.test(jobId)) return null;
    const record = await this.read<JobRecord>(`${jobId}.job.json`);
    return record ? { jobId, ...record } : null;
  }

  async result(jobId: string, options: { maxRows: number }): Promise<JobRows> {
    const result = JOB_ID.test(jobId) ? await this.read<QueryResult>(`${jobId}.result.json`) : null;
    if (!result) throw new Error(`query job ${jobId} has no result`);
    return {
      columns: result.columns,
      rows: result.rows.slice(0, options.maxRows),
      link: this.options.resultUrl(jobId),
    };
  }

  /** Path of a job's result file (the platform serves it), or null for a malformed id. */
  resultPath(jobId: string): string | null {
    return JOB_ID.test(jobId) ? join(this.options.directory, `${jobId}.result.json`) : null;
  }

  /** Waits for the jobs still running (platform stop, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async run(
    jobId: string,
    queued: JobRecord,
    tables: Readonly<Record<string, TableRef>>,
    query: CompiledSql,
  ): Promise<void> {
    // Let submit() answer first, as Athena's StartQueryExecution does.
    await new Promise((r) => setImmediate(r));
    const running: JobRecord = { ...queued, state: 'running' };
    await this.write(`${jobId}.job.json`, running);
    try {
      const result = await this.options.engine.run(tables, query, { timeoutMs: this.options.timeoutMs });
      await this.write(`${jobId}.result.json`, result);
      await this.write(`${jobId}.job.json`, { ...running, state: 'succeeded', completedAt: new Date().toISOString() });
    } catch (e) {
      await this.write(`${jobId}.job.json`, {
        ...running,
        state: 'failed',
        completedAt: new Date().toISOString(),
        error: jobError(e),
      });
    }
  }

  private async write(name: string, value: unknown): Promise<void> {
    const path = join(this.options.directory, name);
    const tmp = `${path}.${process.pid}.${randomUUID()}.part`;
    await writeFile(tmp, JSON.stringify(value));
    await rename(tmp, path);
  }

  private async read<T>(name: string): Promise<T | null> {
    try {
      return JSON.parse(await readFile(join(this.options.directory, name), 'utf8')) as T;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}

/** A client-facing reason: problems the engine raised as AppErrors keep their words, the rest is generic. */
function jobError(e: unknown): JobError {
  if (isAppError(e)) {
    const code = e.status === 408 ? 'timeout' : e.status < 500 ? 'invalid-query' : 'engine-error';
    return { code, message: e.detail ?? e.title };
  }
  return { code: 'engine-error', message: 'the query failed in the query engine; try again later' };
}
