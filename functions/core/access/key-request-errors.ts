import type { z } from 'zod';
import type { ProblemDetail } from '../errors.ts';
import { closestName } from '../query/closest-name.ts';
import { type BilingualIssue, issueWhere } from '../zod-zh.ts';
import { KEY_LIMITS, SCOPES } from './api-key.ts';

const SCOPES_ZH = SCOPES.join('、');

/** What each member must be, in Chinese, with the bounds the schema holds it to. */
const MEMBER_ZH: Readonly<Record<string, string>> = {
  name: `name（密钥给谁用）必须是 1 到 ${KEY_LIMITS.nameLength} 个字符的文本`,
  ratePerMinute: `ratePerMinute（每分钟最多请求数）必须是 1 到 ${KEY_LIMITS.ratePerMinute} 之间的整数`,
  dailyQuota: `dailyQuota（每个 UTC 日的请求配额）必须是 1 到 ${KEY_LIMITS.dailyQuota} 之间的整数`,
  expiresAt: 'expiresAt（到期时间）必须是 ISO 8601 日期时间，例如 2027-06-30T00:00:00Z',
  expiresInDays: `expiresInDays（多少天后到期）必须是 1 到 ${KEY_LIMITS.expiresInDays} 之间的整数`,
};

/**
 * The field errors of a key request that does not parse (`POST /v1/keys`, `opendata keys issue`), from
 * `safeParseBilingual(IssueKeyRequest, …)`: its English as `message` (an unknown member or scope with
 * the one meant for a near miss), and in Chinese what the member must be, with its bounds and the value
 * given where it names one; a member without a sentence here keeps the parse's own Chinese.
 */
export function keyRequestErrors(issues: readonly BilingualIssue[], body: unknown): ProblemDetail[] {
  return issues.map((i) => ({
    where: issueWhere('body', i),
    message: i.message,
    zh: { message: memberZh(i, body) ?? i.zh },
  }));
}

function memberZh(i: z.core.$ZodIssue, body: unknown): string | undefined {
  const [member] = i.path;
  if (i.code === 'unrecognized_keys') return undefined;
  if (member === 'scopes') {
    if (i.code === 'invalid_value') {
      const given = String(valueAt(body, i.path));
      const near = closestName(given, SCOPES);
      return `scopes 中的“${given}”不是可用的权限范围${near ? `（是不是要写“${near}”？）` : ''}：可用的是 ${SCOPES_ZH}`;
    }
    if (i.code === 'too_small') return `scopes 至少要有 1 项：${SCOPES_ZH} 中的一个或几个`;
    return `scopes 必须是权限范围组成的数组，例如 ["query", "download"]（可用的是 ${SCOPES_ZH}）`;
  }
  return typeof member === 'string' ? MEMBER_ZH[member] : undefined;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let v = body;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
