import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProblemDetail } from '../../core/errors.ts';
import type { Language } from '../../core/manifest/localized.ts';
import { type ApiAnswer, ApiUnreachable, sendRequest } from '../api-client.ts';
import { type CliIo, UsageError } from '../io.ts';
import { keysLines } from '../keys-lines.ts';
import { cliLanguage } from '../language.ts';
import { IamAuthError, useIamAuth } from '../sigv4.ts';

/** Flags every `keys` subcommand accepts: where the platform is and the admin credential. */
export const CONNECTION_FLAGS = ['url', 'token', 'data-dir'] as const;

export interface AdminConnection {
  readonly url: string;
  /** Bearer admin token (the local platform). */
  readonly token?: string;
  /** Set when requests are SigV4-signed instead (AWS): the environment to sign from. */
  readonly iamEnv?: NodeJS.ProcessEnv;
  /** The language refusals are printed in (language.ts): a problem's `zh` under `--lang zh`. */
  readonly lang: Language;
}

/**
 * The platform URL (`--url`, OPENDATA_URL, OPENDATA_API as every other command reads it, or
 * http://localhost:8787) and admin token (`--token`, OPENDATA_ADMIN_TOKEN, or
 * `<data-dir>/secrets/admin.token` written by the local platform; the data dir is `--data-dir`,
 * OPENDATA_DATA_DIR as `npm start` reads it, or `.data`); or,
 * with IAM auth (OPENDATA_AUTH=iam, `--iam`, or an execute-api URL and no token given), SigV4.
 */
export function adminConnection(flags: Record<string, string | boolean>, io: CliIo): AdminConnection {
  const url = String(flags.url ?? io.env.OPENDATA_URL ?? io.env.OPENDATA_API ?? 'http://localhost:8787').replace(
    /\/+$/,
    '',
  );
  const lang = cliLanguage(io.env);
  let token = typeof flags.token === 'string' ? flags.token : io.env.OPENDATA_ADMIN_TOKEN;
  try {
    if (useIamAuth(io.env, url, token)) return { url, iamEnv: io.env, lang };
  } catch (e) {
    if (e instanceof IamAuthError) throw new UsageError(e.message, e.zh);
    throw e;
  }
  if (!token) {
    const dataDir = String(flags['data-dir'] ?? io.env.OPENDATA_DATA_DIR ?? '.data');
    const file = join(resolve(io.cwd, dataDir), 'secrets', 'admin.token');
    if (existsSync(file)) token = readFileSync(file, 'utf8').trim();
  }
  if (!token) {
    throw new UsageError(
      'no admin token: pass --token, set OPENDATA_ADMIN_TOKEN, or point --data-dir (or OPENDATA_DATA_DIR) at the data folder the platform uses',
      '没有管理员令牌：请用 --token 传入，或设置 OPENDATA_ADMIN_TOKEN，或用 --data-dir（或 OPENDATA_DATA_DIR）指向平台使用的数据目录',
    );
  }
  return { url, token, lang };
}

/** A `keys` subcommand takes flags only: a word left over is a usage error. */
export function noArguments(positionals: readonly string[]): void {
  if (positionals.length)
    throw new UsageError(`unexpected argument "${positionals[0]}"`, `多余的参数“${positionals[0]}”`);
}

/**
 * Calls the admin API; problem+json answers become a printed error (in the connection's language: the
 * problem's and each error's `zh` under `--lang zh`, else the English) and exit code 1.
 */
export async function callAdmin(
  conn: AdminConnection,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  let a: ApiAnswer;
  try {
    a = await sendRequest({ base: conn.url, bearer: conn.token, iamEnv: conn.iamEnv }, method, path, body);
  } catch (e) {
    if (e instanceof IamAuthError || e instanceof ApiUnreachable) return { ok: false, message: e.text(conn.lang) };
    throw e;
  }
  if (a.status >= 300) return { ok: false, message: problemText(a.status, a.body, conn.lang) };
  return { ok: true, value: a.body };
}

/** An admin API refusal as printed: status and detail, each field error, the hint. */
function problemText(status: number, value: Record<string, unknown>, lang: Language): string {
  const p = value as {
    detail?: string;
    hint?: string;
    errors?: ProblemDetail[];
    zh?: { detail?: string; hint?: string };
  };
  const zh = lang === 'zh-CN';
  const lines = [`${status} ${(zh && p.zh?.detail) || p.detail || `HTTP ${status}`}`];
  for (const e of p.errors ?? []) lines.push(`  ${e.where}: ${(zh && e.zh?.message) || e.message}`);
  const hint = (zh && p.zh?.hint) || p.hint;
  if (hint) lines.push(`${keysLines(lang).hint}${hint}`);
  return lines.join('\n');
}
