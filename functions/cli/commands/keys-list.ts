import type { ApiKeyView } from '../../core/access/api-key.ts';
import type { Bilingual } from '../../core/manifest/localized.ts';
import { type CliIo, EXIT, parseArgs } from '../io.ts';
import { keysLines } from '../keys-lines.ts';
import { columns, padColumns } from '../text-columns.ts';
import { adminConnection, CONNECTION_FLAGS, callAdmin, noArguments } from './keys-client.ts';

export const KEYS_LIST_USAGE: Bilingual = { en: 'keys list [--json]', 'zh-CN': 'keys list [--json]' };

/**
 * `opendata keys list`: every key with status, scopes and limits (never the key or its hash), as a table
 * whose heads and statuses are in the CLI's language (keys-lines.ts).
 */
export async function keysList(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: [...CONNECTION_FLAGS] });
  noArguments(positionals);
  const conn = adminConnection(flags, io);
  const t = keysLines(conn.lang);
  const r = await callAdmin(conn, 'GET', '/v1/keys');
  if (!r.ok) {
    io.err(r.message);
    return EXIT.refused;
  }
  const { keys } = r.value as { keys: ApiKeyView[] };
  if (flags.json) {
    io.out(JSON.stringify(keys, null, 2));
    return EXIT.ok;
  }
  if (!keys.length) {
    io.out(t.noKeys);
    return EXIT.ok;
  }
  const rows = keys.map((k) => [
    k.id,
    t.status(k.status),
    k.name,
    k.scopes.join(','),
    t.rate(k.ratePerMinute),
    t.quota(k.dailyQuota),
    k.expiresAt.slice(0, 10),
  ]);
  const head = t.heads;
  const widths = head.map((h, i) => Math.max(columns(h), ...rows.map((r) => columns(r[i] as string))));
  for (const r of [head, ...rows])
    io.out(
      r
        .map((c, i) => padColumns(c, widths[i] as number))
        .join('  ')
        .trimEnd(),
    );
  return EXIT.ok;
}
