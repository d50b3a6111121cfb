import { cliHint } from './cli-hints.ts';
import { type CliIo, EXIT } from './io.ts';
import { cliLanguage } from './language.ts';
import { LocalizedError } from './localized-error.ts';
import { networkReason } from './network-reason.ts';
import { type ProblemText, problemLines } from './report-format.ts';
import { IamAuthError, signWithDefaultChain, useIamAuth } from './sigv4.ts';

export interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The API could not be reached; `zh`: the same in Chinese. */
export class ApiUnreachable extends LocalizedError {
  constructor(message: string, zh: string) {
    super(message, zh);
    this.name = 'ApiUnreachable';
  }
}

/** Where a request goes and how it proves who sends it: a bearer token, SigV4 from `iamEnv`, or neither. */
export interface ApiTarget {
  /** Scheme, host and any port, no trailing slash. */
  readonly base: string;
  readonly bearer?: string | undefined;
  /** Set when requests are SigV4-signed (AWS): the environment to sign from (sigv4.ts). */
  readonly iamEnv?: NodeJS.ProcessEnv | undefined;
}

/**
 * One request to the platform API, the CLI's only HTTP client: signed or with a bearer as `target`
 * says, at most 60 s, the answer's JSON (a body that is not JSON as its first 500 characters in
 * `detail`). An unreachable API throws ApiUnreachable; a signing problem, sigv4.ts's IamAuthError.
 */
export async function sendRequest(
  target: ApiTarget,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const url = `${target.base}${path}`;
  const payload = body !== undefined ? JSON.stringify(body) : undefined;
  let headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (target.iamEnv)
    headers = withoutHost(await signWithDefaultChain(target.iamEnv, { method, url, headers, body: payload }));
  else if (target.bearer) headers.authorization = `Bearer ${target.bearer}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (e) {
    const why = networkReason(e);
    throw new ApiUnreachable(
      `cannot reach ${target.base}: ${why.en}. Is the platform running at that address (locally: npm start)?`,
      `无法连接 ${target.base}：${why.zh}。平台是否在这个地址运行（本地：npm start）？`,
    );
  }
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { detail: text.slice(0, 500) };
  }
  return { status: res.status, body: parsed };
}

/**
 * Calls the platform API: OPENDATA_API (default http://localhost:8787), bearer OPENDATA_TOKEN; or,
 * with IAM auth (OPENDATA_AUTH=iam, `--iam`, or an execute-api URL and no token), SigV4-signed with
 * the default AWS credential chain (see sigv4.ts); `anonymous` for public routes (called without
 * credentials: there a bearer would be read as an API key).
 */
export function callApi(
  io: CliIo,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  options: { anonymous?: boolean } = {},
): Promise<ApiAnswer> {
  const base = (io.env.OPENDATA_API ?? 'http://localhost:8787').replace(/\/+$/, '');
  const token = io.env.OPENDATA_TOKEN;
  if (options.anonymous) return sendRequest({ base }, method, path, body);
  return sendRequest(
    useIamAuth(io.env, base, token) ? { base, iamEnv: io.env } : { base, bearer: token },
    method,
    path,
    body,
  );
}

/**
 * Prints a problem+json answer as `✗ detail` + field errors + hint on stderr, the hints naming the CLI
 * command where there is one (cli-hints.ts); with `--json`, the problem itself, as the API answered it
 * (with its `status`), on stdout, so scripts parse failures like answers.
 */
export function printProblem(io: CliIo, a: ApiAnswer, json = false): void {
  const b = a.body;
  if (json) {
    io.out(JSON.stringify({ status: a.status, ...b }, null, 2));
    return;
  }
  const problem = {
    ...(b as Partial<ProblemText>),
    detail: String(b.detail ?? b.title ?? `HTTP ${a.status}`),
    ...(b.hint !== undefined ? { hint: String(b.hint) } : {}),
  };
  for (const line of problemLines(problem, cliLanguage(io.env), { status: a.status, hint: cliHint })) io.err(line);
}

/** fetch sets `host` itself (the same value that was signed: URL host with any non-default port). */
export function withoutHost(headers: Record<string, string>): Record<string, string> {
  const { host: _host, ...rest } = headers;
  return rest;
}

/**
 * Runs an API command, turning an unreachable API or an IAM signing problem into exit 1 with a message
 * in the CLI's language.
 */
export async function guarded(io: CliIo, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiUnreachable || e instanceof IamAuthError) {
      io.err(`✗ ${e.text(cliLanguage(io.env))}`);
      return 1;
    }
    throw e;
  }
}

/**
 * A POST changing one record (approve, reject, withdraw): a refusal printed as its problem (exit 1),
 * else the record as JSON (`--json`) or as one line (exit 0).
 */
export async function runAction<T>(
  io: CliIo,
  path: string,
  body: unknown,
  json: boolean,
  line: (record: T) => string,
): Promise<number> {
  return guarded(io, async () => {
    const a = await callApi(io, 'POST', path, body);
    if (a.status >= 300) {
      printProblem(io, a, json);
      return EXIT.refused;
    }
    const record = a.body as unknown as T;
    io.out(json ? JSON.stringify(record, null, 2) : line(record));
    return EXIT.ok;
  });
}
