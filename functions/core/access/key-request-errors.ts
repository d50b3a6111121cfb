import type { z } from 'zod';
import type { ProblemDetail } from '../errors.ts';
import { issueWhere, membersAt, unknownNames } from '../zod-zh.ts';
import { IssueKeyRequest, KEY_LIMITS, SCOPES } from './api-key.ts';

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
 * The field errors of a key request that does not parse (`POST /v1/keys`, `opendata keys issue`): the
 * validator's English as `message`, as before, and what the member must be in Chinese (`zh`), with the
 * value given where it names one (an unknown scope); an unknown member is named as every request body
 * names it (zod-zh.ts `unknownNames`), with the one meant for a near miss.
 */
export function keyRequestErrors(issues: readonly z.core.$ZodIssue[], body: unknown): ProblemDetail[] {
  return issues.map((i) => {
    const where = issueWhere('body', i);
    if (i.code === 'unrecognized_keys') {
      const said = unknownNames(i.keys, membersAt(IssueKeyRequest, i.path), 'member');
      return { where, message: said.message, zh: { message: said.zh } };
    }
    return { where, message: i.message, zh: { message: memberZh(i, body) } };
  });
}

function memberZh(i: z.core.$ZodIssue, body: unknown): string {
  const [member] = i.path;
  if (member === 'scopes') {
    if (i.code === 'invalid_value')
      return `scopes 中的“${String(valueAt(body, i.path))}”不是可用的权限范围：可用的是 ${SCOPES_ZH}`;
    if (i.code === 'too_small') return `scopes 至少要有 1 项：${SCOPES_ZH} 中的一个或几个`;
    return `scopes 必须是权限范围组成的数组，例如 ["query", "download"]（可用的是 ${SCOPES_ZH}）`;
  }
  const zh = typeof member === 'string' ? MEMBER_ZH[member] : undefined;
  return zh ?? `不符合要求（校验器原文：“${i.message}”）`;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let v = body;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
