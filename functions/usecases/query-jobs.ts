import { conflict, notFound } from '../core/errors.ts';
import { cutAtBytes } from '../core/query/page-bytes.ts';
import { bodyParams } from '../core/query/parse-query-params.ts';
import { JOB_ID, type JobError, type JobState, type JobStatus } from '../ports/query-jobs.ts';
import type { Deps } from './deps.ts';
import { compileFor, type QueryAnswer, toAnswer } from './query-dataset.ts';
import { resolveVersion } from './read-catalog.ts';

/** GET /v1/query-jobs/{jobId}: where an asynchronous query is, and its links once it is done. */
export interface QueryJobView {
  readonly jobId: string;
  readonly state: JobState;
  readonly dataset: string;
  readonly version: number;
  readonly submittedAt: string | null;
  readonly completedAt: string | null;
  readonly error: JobError | null;
  /** When succeeded: the first page as a query answer (JSON, CSV or NDJSON), like the synchronous route. */
  readonly result: string | null;
  /** When succeeded: the engine's complete output file (time-limited link; Athena: CSV). */
  readonly download: string | null;
}

export async function getQueryJob(deps: Deps, jobId: string): Promise<QueryJobView> {
  const { jobs, status } = await findJob(deps, jobId);
  const done = status.state === 'succeeded';
  // A job over a version withdrawn since answers 410 with the reason, like the version itself: its
  // result holds the version's rows, and a fresh link to them must not be signed.
  if (done) await resolveVersion(deps, status.label.dataset, String(status.label.version));
  return {
    jobId,
    state: status.state,
    dataset: status.label.dataset,
    version: status.label.version,
    submittedAt: status.submittedAt,
    completedAt: status.completedAt,
    error: status.error,
    result: done ? `${deps.publicBaseUrl}/v1/query-jobs/${jobId}/result` : null,
    download: done ? (await jobs.result(jobId, { maxRows: 0 })).link : null,
  };
}

/**
 * GET /v1/query-jobs/{jobId}/result: the job's rows as the synchronous route would have answered them.
 * The query is compiled again from the job's label (compilation is deterministic) to know the page
 * size and the hidden cursor columns; `next` asks the query route again, which starts the next job.
 */
export async function getQueryJobResult(deps: Deps, jobId: string): Promise<QueryAnswer> {
  const { jobs, status } = await findJob(deps, jobId);
  if (status.state !== 'succeeded') {
    throw conflict({
      detail: `query job ${jobId} is ${status.state}`,
      hint:
        status.state === 'failed'
          ? 'see `error` in GET /v1/query-jobs/{jobId}; change the query and submit it again'
          : 'poll GET /v1/query-jobs/{jobId} until `state` is `succeeded`',
      zh: {
        detail: `查询任务 ${jobId} 的状态是 ${status.state}`,
        hint:
          status.state === 'failed'
            ? '请查看 GET /v1/query-jobs/{jobId} 中的 `error`；修改查询后重新提交'
            : '请轮询 GET /v1/query-jobs/{jobId}，直到 `state` 为 `succeeded`',
      },
      extensions: { state: status.state },
    });
  }
  const { label } = status;
  const { record } = await resolveVersion(deps, label.dataset, String(label.version));
  // The label holds a POST's body parameters (older jobs: the body as sent, which bodyParams reads alike).
  const input = { params: { ...label.params }, ...(label.body !== undefined ? { body: bodyParams(label.body) } : {}) };
  const { request, compiled, params } = compileFor(jobs.dialect, record, input);
  const result = await jobs.result(jobId, { maxRows: compiled.limit + 1 });
  // Read whole from the job's result: cut at the size as the engine cuts what it reads.
  const { rows, stoppedBySize } = cutAtBytes(
    result.rows,
    result.columns.map((c) => c.name),
  );
  return toAnswer(deps.publicBaseUrl, record, request, compiled, params, rows, stoppedBySize);
}

async function findJob(deps: Deps, jobId: string) {
  const jobs = deps.queryJobs?.jobs;
  const status: JobStatus | null = jobs && JOB_ID.test(jobId) ? await jobs.status(jobId) : null;
  if (!jobs || !status) {
    throw notFound({
      detail: `no query job "${jobId}"`,
      hint: 'job ids come from the Location of a 202 answer of /v1/datasets/{id}/query; results are kept for a limited time',
      zh: {
        detail: `没有查询任务“${jobId}”`,
        hint: '任务 id 来自 /v1/datasets/{id}/query 的 202 答复中的 Location；结果只保留一段时间',
      },
    });
  }
  return { jobs, status };
}
