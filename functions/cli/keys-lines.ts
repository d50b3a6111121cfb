import type { ApiKeyView, KeyStatus } from '../core/access/api-key.ts';
import type { Language } from '../core/manifest/localized.ts';

/**
 * The lines of `opendata keys issue|list|revoke` in the CLI's language. Key ids, names, scopes, dates
 * and the key itself stay as they are in either language; `--json` prints the API's answer instead.
 */
export interface KeysLines {
  issued(r: ApiKeyView): string;
  limits(r: ApiKeyView): string;
  readonly shownOnce: string;
  readonly noKeys: string;
  /** Column heads of `keys list`, and a row's status, rate and quota cells. */
  readonly heads: readonly string[];
  status(s: KeyStatus): string;
  rate(n: number): string;
  quota(n: number): string;
  revoked(r: ApiKeyView): string;
  readonly hint: string;
}

const EN: KeysLines = {
  issued: (r) => `Issued key ${r.id} for ${r.name}`,
  limits: (r) => `  scopes ${r.scopes.join(', ')}; ${r.ratePerMinute}/min, ${r.dailyQuota}/day; expires ${r.expiresAt}`,
  shownOnce: 'This is the only time the key is shown: the platform keeps only its hash.',
  noKeys: 'No API keys.',
  heads: ['ID', 'STATUS', 'NAME', 'SCOPES', 'RATE', 'QUOTA', 'EXPIRES'],
  status: (s) => s,
  rate: (n) => `${n}/min`,
  quota: (n) => `${n}/day`,
  revoked: (r) => `Revoked key ${r.id} (${r.name}) at ${r.revokedAt}`,
  hint: 'hint: ',
};

const STATUS_ZH: Readonly<Record<KeyStatus, string>> = { active: '有效', revoked: '已吊销', expired: '已过期' };

const ZH: KeysLines = {
  issued: (r) => `已为 ${r.name} 签发密钥 ${r.id}`,
  limits: (r) =>
    `  权限范围 ${r.scopes.join('、')}；每分钟 ${r.ratePerMinute} 次，每天 ${r.dailyQuota} 次；${r.expiresAt} 到期`,
  shownOnce: '密钥只显示这一次：平台只保存它的哈希。',
  noKeys: '没有 API 密钥。',
  heads: ['编号', '状态', '名称', '权限范围', '每分钟', '每天', '到期'],
  status: (s) => STATUS_ZH[s] ?? s,
  rate: (n) => `${n} 次`,
  quota: (n) => `${n} 次`,
  // Revoking a revoked key answers it unchanged: "was revoked at" holds either way.
  revoked: (r) => `密钥 ${r.id}（${r.name}）已于 ${r.revokedAt} 吊销`,
  hint: '提示：',
};

/** The `keys` lines in `lang`. */
export const keysLines = (lang: Language): KeysLines => (lang === 'zh-CN' ? ZH : EN);
