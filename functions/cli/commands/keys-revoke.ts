import type { ApiKeyView } from '../../core/access/api-key.ts';
import type { Bilingual } from '../../core/manifest/localized.ts';
import { type CliIo, EXIT, parseArgs, UsageError } from '../io.ts';
import { keysLines } from '../keys-lines.ts';
import { adminConnection, CONNECTION_FLAGS, callAdmin } from './keys-client.ts';

export const KEYS_REVOKE_USAGE: Bilingual = {
  en: 'keys revoke <key-id> [--json]',
  'zh-CN': 'keys revoke <密钥编号> [--json]',
};

/** `opendata keys revoke <id>`: the key stops working at once (other containers within the key cache time). */
export async function keysRevoke(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: [...CONNECTION_FLAGS] });
  if (positionals.length !== 1)
    throw new UsageError(
      'give exactly one key id (see `opendata keys list`)',
      '请给出且仅给出一个密钥编号（见 `opendata keys list`）',
    );
  const conn = adminConnection(flags, io);
  const r = await callAdmin(conn, 'DELETE', `/v1/keys/${encodeURIComponent(positionals[0] as string)}`);
  if (!r.ok) {
    io.err(r.message);
    return EXIT.refused;
  }
  const v = r.value as ApiKeyView;
  io.out(flags.json ? JSON.stringify(v, null, 2) : keysLines(conn.lang).revoked(v));
  return EXIT.ok;
}
