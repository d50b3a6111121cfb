import { type Command, UsageError } from '../io.ts';
import { KEYS_ISSUE_USAGE, keysIssue } from './keys-issue.ts';
import { KEYS_LIST_USAGE, keysList } from './keys-list.ts';
import { KEYS_REVOKE_USAGE, keysRevoke } from './keys-revoke.ts';

const SUB = { issue: keysIssue, revoke: keysRevoke, list: keysList } as const;

/**
 * `opendata keys issue|revoke|list`: API key administration through the admin API (`/v1/keys`),
 * with the local admin token (`--token`, OPENDATA_ADMIN_TOKEN or .data/secrets/admin.token) and
 * `--url` (default http://localhost:8787). Common options: --url, --token, --data-dir.
 */
export const keysCommand: Command = {
  name: 'keys',
  usage: 'keys issue|revoke|list ...',
  summary: 'issue, revoke and list API keys (admin; see docs/api-keys.md)',
  async run(args, io) {
    const [sub, ...rest] = args;
    const fn = sub ? SUB[sub as keyof typeof SUB] : undefined;
    if (!fn) {
      throw new UsageError(
        `choose a subcommand:\n  opendata ${KEYS_ISSUE_USAGE}\n  opendata ${KEYS_REVOKE_USAGE}\n  opendata ${KEYS_LIST_USAGE}\n(common: --url <platform>, --token <admin token>, --data-dir <dir>)`,
      );
    }
    return fn(rest, io);
  },
};
