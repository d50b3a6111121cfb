import { createHash, randomBytes } from 'node:crypto';
import {
  type ApiKeyRecord,
  type ApiKeyView,
  formatApiKey,
  IssueKeyRequest,
  viewOf,
} from '../../core/access/api-key.ts';
import { keyRequestErrors } from '../../core/access/key-request-errors.ts';
import { badRequest } from '../../core/errors.ts';
import { safeParseBilingual } from '../../core/zod-zh.ts';
import { ConditionFailedError } from '../../ports/catalog-store.ts';
import type { Deps } from '../deps.ts';
import { auditKeyEvent } from './audit-hook.ts';
import { KEY_DOC_KIND } from './key-store.ts';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function newId(): string {
  const bytes = randomBytes(12);
  return [...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

const REQUEST_EXAMPLE =
  '{"name": "...", "scopes": ["query"], "ratePerMinute": 600, "dailyQuota": 100000, "expiresInDays": 365}';

/**
 * Issues an API key: the key is returned once, only its sha256 is stored. The id inside the key
 * finds the record; a conditional create guarantees ids are never reused. Refusals carry their Chinese
 * (`zh`), as the CLI prints them under `--lang zh`.
 */
export async function issueApiKey(
  deps: Deps,
  actor: string,
  input: unknown,
): Promise<{ key: string; record: ApiKeyView }> {
  const parsed = safeParseBilingual(IssueKeyRequest, input);
  if (!parsed.success) {
    throw badRequest({
      detail: 'the key request is not valid',
      hint: `send ${REQUEST_EXAMPLE}`,
      errors: keyRequestErrors(parsed.issues, input),
      zh: { detail: '签发 API 密钥的请求无效', hint: `请发送这样的 JSON：${REQUEST_EXAMPLE}` },
    });
  }
  const req = parsed.data;
  const now = deps.clock.now();
  const expiresAt = req.expiresAt
    ? new Date(req.expiresAt)
    : new Date(now.getTime() + (req.expiresInDays ?? 365) * 86_400_000);
  if (expiresAt.getTime() <= now.getTime()) {
    throw badRequest({
      detail: 'the key would already be expired',
      errors: [{ where: 'body.expiresAt', message: 'must be in the future', zh: { message: '必须是将来的时间' } }],
      zh: { detail: '这个密钥一签发就已过期', hint: '请给出将来的 expiresAt，或用 expiresInDays 指定有效天数' },
    });
  }
  // Bounded retry on the (astronomically unlikely) id collision.
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = newId();
    const key = formatApiKey(id, randomBytes(32).toString('base64url'));
    const record: ApiKeyRecord = {
      id,
      name: req.name,
      sha256: createHash('sha256').update(key).digest('hex'),
      scopes: [...new Set(req.scopes)],
      ratePerMinute: req.ratePerMinute,
      dailyQuota: req.dailyQuota,
      createdAt: now.toISOString(),
      createdBy: actor,
      expiresAt: expiresAt.toISOString(),
    };
    try {
      await deps.catalog.putDoc(KEY_DOC_KIND, id, record, 0);
    } catch (e) {
      if (e instanceof ConditionFailedError) continue;
      throw e;
    }
    await auditKeyEvent(deps, {
      action: 'api-key.issued',
      actor,
      keyId: id,
      at: record.createdAt,
      details: { name: record.name, scopes: record.scopes, expiresAt: record.expiresAt },
    });
    return { key, record: viewOf(record, now) };
  }
  throw new Error('could not allocate a unique key id');
}
