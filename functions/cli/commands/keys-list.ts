import type { ApiKeyView } from '../../core/access/api-key.ts';
import { type CliIo, EXIT, parseArgs, UsageError } from '../io.ts';
import { adminConnection, CONNECTION_FLAGS, callAdmin } from './keys-client.ts';

export const KEYS_LIST_USAGE = 'keys list [--json]';

/** `opendata keys list`: every key with status, scopes and limits (never the key or its hash). */
export async function keysList(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: [...CONNECTION_FLAGS] });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const r = await callAdmin(adminConnection(flags, io), 'GET', '/v1/keys');
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
    io.out('No API keys.');
    return EXIT.ok;
  }
  const rows = keys.map((k) => [
    k.id,
    k.status,
    k.name,
    k.scopes.join(','),
    `${k.ratePerMinute}/min`,
    `${k.dailyQuota}/day`,
    k.expiresAt.slice(0, 10),
  ]);
  const head = ['ID', 'STATUS', 'NAME', 'SCOPES', 'RATE', 'QUOTA', 'EXPIRES'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  for (const r of [head, ...rows])
    io.out(
      r
        .map((c, i) => c.padEnd(widths[i] as number))
        .join('  ')
        .trimEnd(),
    );
  return EXIT.ok;
}
