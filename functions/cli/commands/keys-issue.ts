import type { ApiKeyView } from '../../core/access/api-key.ts';
import type { Bilingual } from '../../core/manifest/localized.ts';
import { type CliIo, EXIT, parseArgs, UsageError } from '../io.ts';
import { keysLines } from '../keys-lines.ts';
import { adminConnection, CONNECTION_FLAGS, callAdmin, noArguments } from './keys-client.ts';

export const KEYS_ISSUE_USAGE: Bilingual = {
  en: 'keys issue --name <who> [--scopes query,download,sql] [--rate <req/min>] [--quota <req/day>] [--expires <ISO date> | --days <n>] [--json]',
  'zh-CN':
    'keys issue --name <使用者> [--scopes query,download,sql] [--rate <每分钟请求数>] [--quota <每天请求数>] [--expires <ISO 日期> | --days <天数>] [--json]',
};

/** `opendata keys issue`: prints the new key once (it is stored only as a hash). */
export async function keysIssue(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args, {
    booleans: ['json'],
    strings: ['name', 'scopes', 'rate', 'quota', 'expires', 'days', ...CONNECTION_FLAGS],
  });
  noArguments(positionals);
  if (typeof flags.name !== 'string')
    throw new UsageError('--name is required (who the key is for)', '必须给出 --name（密钥给谁使用）');
  const num = (f: string) => {
    const v = flags[f];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new UsageError(`--${f} must be an integer`, `--${f} 必须是整数`);
    return n;
  };
  const body = {
    name: flags.name,
    ...(typeof flags.scopes === 'string'
      ? {
          scopes: flags.scopes
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(num('rate') !== undefined ? { ratePerMinute: num('rate') } : {}),
    ...(num('quota') !== undefined ? { dailyQuota: num('quota') } : {}),
    ...(typeof flags.expires === 'string' ? { expiresAt: isoDate(flags.expires) } : {}),
    ...(num('days') !== undefined ? { expiresInDays: num('days') } : {}),
  };
  const conn = adminConnection(flags, io);
  const r = await callAdmin(conn, 'POST', '/v1/keys', body);
  if (!r.ok) {
    io.err(r.message);
    return EXIT.refused;
  }
  const { key, record } = r.value as { key: string; record: ApiKeyView };
  const t = keysLines(conn.lang);
  if (flags.json) io.out(JSON.stringify(r.value, null, 2));
  else {
    io.out(t.issued(record));
    io.out(t.limits(record));
    io.out(`\n  ${key}\n\n${t.shownOnce}`);
  }
  return EXIT.ok;
}

/** `--expires` as the API takes it; a date that does not parse is a usage error, not a crash. */
function isoDate(text: string): string {
  const at = new Date(text);
  if (Number.isNaN(at.getTime()))
    throw new UsageError(
      `--expires must be a date, e.g. 2027-06-30, not "${text}"`,
      `--expires 必须是日期，例如 2027-06-30，不能是“${text}”`,
    );
  return at.toISOString();
}
