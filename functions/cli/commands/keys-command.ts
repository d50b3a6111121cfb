import type { Language } from '../../core/manifest/localized.ts';
import { type Command, UsageError } from '../io.ts';
import { KEYS_ISSUE_USAGE, keysIssue } from './keys-issue.ts';
import { KEYS_LIST_USAGE, keysList } from './keys-list.ts';
import { KEYS_REVOKE_USAGE, keysRevoke } from './keys-revoke.ts';

const SUB = { issue: keysIssue, revoke: keysRevoke, list: keysList } as const;

/** The subcommands with their options, and the options every one takes. */
const subcommands = (lang: Language) =>
  [KEYS_ISSUE_USAGE, KEYS_REVOKE_USAGE, KEYS_LIST_USAGE].map((u) => `  opendata ${u[lang]}`).join('\n');
const DETAILS = {
  en: `${subcommands('en')}\n(common: --url <platform>, --token <admin token>, --data-dir <dir>)`,
  'zh-CN': `${subcommands('zh-CN')}\n（通用选项：--url <平台网址>、--token <管理员令牌>、--data-dir <数据目录>）`,
};

/**
 * `opendata keys issue|revoke|list`: API key administration through the admin API (`/v1/keys`),
 * with the local admin token (`--token`, OPENDATA_ADMIN_TOKEN or .data/secrets/admin.token) and
 * `--url` (default http://localhost:8787). Common options: --url, --token, --data-dir.
 */
export const keysCommand: Command = {
  name: 'keys',
  usage: { en: 'keys issue|revoke|list ...', 'zh-CN': 'keys issue|revoke|list ...' },
  summary: {
    en: 'issue, revoke and list API keys (admin; see docs/api-keys.md)',
    'zh-CN': '签发、吊销和列出 API 密钥（管理员使用；见 docs/api-keys.md）',
  },
  details: DETAILS,
  async run(args, io) {
    const [sub, ...rest] = args;
    const fn = sub ? SUB[sub as keyof typeof SUB] : undefined;
    if (!fn) throw new UsageError(`choose a subcommand:\n${DETAILS.en}`, `请选择一个子命令：\n${DETAILS['zh-CN']}`);
    return fn(rest, io);
  },
};
