import { createHash, timingSafeEqual } from 'node:crypto';
import { type ApiKeyRecord, keyStatus, parseApiKey } from '../../core/access/api-key.ts';
import { DAY_MS, MINUTE_MS } from '../../core/access/fixed-window.ts';
import { QUOTA_HEADERS, RATE_LIMIT_HEADERS } from '../../core/access/limit-headers.ts';
import { anonymousBudgetOf, anonymousLimitApplies, scopeForHandler } from '../../core/access/route-scope.ts';
import {
  type AppError,
  forbidden,
  isAppError,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
} from '../../core/errors.ts';
import { logger } from '../../http/observability.ts';
import type { Deps } from '../deps.ts';
import { anonymousClientId } from './client-id.ts';
import { cachedKey } from './key-store.ts';
import { FixedWindowLimiter, type LimitResult } from './rate-limiter.ts';

export interface AccessRequest {
  /** Handler name of the route (routes.ts): decides the scope a key needs. */
  readonly handler: string;
  /** Route key (`GET /v1/datasets`, routes.ts): decides which anonymous budget applies (route-scope.ts). */
  readonly route?: string;
  /** Admin routes authenticate separately (admin token / IAM): a bearer there is not an API key. */
  readonly admin: boolean;
  /** The API key sent, if any (`Authorization: Bearer` or `X-API-Key`). */
  readonly apiKey?: string;
  /** Client address: hashed with the daily salt, never stored. */
  readonly sourceIp: string;
}

export interface AccessDecision {
  /** An API key id, or `anonymous`: what usage is counted under. */
  readonly principal: string;
  /** `X-RateLimit-*` (and for keys `X-Quota-*`) headers for the response, whatever its status. */
  readonly headers: Readonly<Record<string, string>>;
  /** Set when the request must be refused (401, 403, 429 problem+json). */
  readonly denied?: AppError;
}

// Keyed by the counters store, so copies of the deps object share one set of leases.
const limiters = new WeakMap<object, { rate: FixedWindowLimiter; quota: FixedWindowLimiter }>();

function limitersOf(deps: Deps) {
  let l = limiters.get(deps.counters);
  if (!l) {
    l = {
      rate: new FixedWindowLimiter(deps.counters, { prefix: 'rate', windowMs: MINUTE_MS }),
      // Daily quotas claim smaller blocks (1%): a quota is a promise to a paying partner.
      quota: new FixedWindowLimiter(deps.counters, { prefix: 'quota', windowMs: DAY_MS, blockFraction: 0.01 }),
    };
    limiters.set(deps.counters, l);
  }
  return l;
}

function rateHeaders(r: LimitResult): Record<string, string> {
  return {
    [RATE_LIMIT_HEADERS.limit.name]: String(r.limit),
    [RATE_LIMIT_HEADERS.remaining.name]: String(r.remaining),
    [RATE_LIMIT_HEADERS.reset.name]: String(r.resetSeconds),
  };
}

function quotaHeaders(q: LimitResult): Record<string, string> {
  return {
    [QUOTA_HEADERS.limit.name]: String(q.limit),
    [QUOTA_HEADERS.remaining.name]: String(q.remaining),
    [QUOTA_HEADERS.reset.name]: String(q.resetSeconds),
  };
}

/** A refusal's words in English and Chinese. */
type Said = { readonly en: string; readonly zh: string };

function rateLimited(r: LimitResult, what: Said, hint: Said): AppError {
  return tooManyRequests({
    detail: `${what.en} (${r.limit}); try again in ${r.resetSeconds} s`,
    hint: hint.en,
    zh: { detail: `${what.zh}（上限 ${r.limit}）；请 ${r.resetSeconds} 秒后再试`, hint: hint.zh },
    extensions: { retryAfter: r.resetSeconds, limit: r.limit },
  });
}

/** Seconds a client is asked to wait when the access check could not reach its storage. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * Decides whether a request may proceed: identifies the caller (API key or hashed client address),
 * checks key validity and scope, and takes a token from the per-minute window (and for keys, the
 * daily quota). Requests with a bad key are still counted against their address's anonymous limit,
 * so guessing keys is rate-limited too.
 *
 * When the key store or the counters fail (throttling, an outage, a role that may not read them),
 * the request is refused with 503 and Retry-After: the client did nothing wrong and may retry, and
 * a presented key is never silently downgraded to anonymous access (its scopes and quota would be
 * ignored). The cause is logged as an error, so a misconfiguration still raises the error alarms.
 */
export async function checkAccess(deps: Deps, req: AccessRequest): Promise<AccessDecision> {
  try {
    return await decide(deps, req);
  } catch (e) {
    if (isAppError(e)) throw e;
    logger.error('access check failed: key store or counters unavailable', {
      handler: req.handler,
      withKey: req.apiKey !== undefined && !req.admin,
      error: e instanceof Error ? { name: e.name, message: e.message } : String(e),
    });
    return {
      principal: 'anonymous',
      headers: {},
      denied: serviceUnavailable({
        detail: 'the request could not be checked against its API key and rate limits just now',
        hint: `retry in ${UNAVAILABLE_RETRY_SECONDS} s`,
        zh: {
          detail: '暂时无法核对这个请求的 API 密钥和频率限制',
          hint: `请 ${UNAVAILABLE_RETRY_SECONDS} 秒后重试`,
        },
        extensions: { retryAfter: UNAVAILABLE_RETRY_SECONDS },
      }),
    };
  }
}

async function decide(deps: Deps, req: AccessRequest): Promise<AccessDecision> {
  const now = deps.clock.now().getTime();
  const { rate, quota } = limitersOf(deps);
  let keyProblem: AppError | undefined;
  if (req.apiKey !== undefined && !req.admin) {
    const found = await findKey(deps, req.apiKey, now);
    if ('record' in found) {
      const key = found.record;
      const r = await rate.take(`key:${key.id}`, key.ratePerMinute, now);
      // A key holder gets its quota headers on every answer: refused ones read the quota without using it.
      const peekQuota = async () => quotaHeaders(await quota.peek(`key:${key.id}`, key.dailyQuota, now));
      if (!r.allowed) {
        return {
          principal: key.id,
          headers: { ...rateHeaders(r), ...(await peekQuota()) },
          denied: rateLimited(
            r,
            { en: 'this API key made too many requests this minute', zh: '这个 API 密钥本分钟的请求太多' },
            { en: 'slow down, or ask for a higher rate', zh: '请放慢请求，或申请更高的每分钟上限' },
          ),
        };
      }
      const needed = scopeForHandler(req.handler);
      if (needed && !key.scopes.includes(needed)) {
        return {
          principal: key.id,
          headers: { ...rateHeaders(r), ...(await peekQuota()) },
          denied: forbidden({
            detail: `this API key does not have the "${needed}" scope`,
            hint: `its scopes are: ${key.scopes.join(', ')}; ask the platform team for a key with "${needed}", or send this request without a key (anonymous limits)`,
            zh: {
              detail: `这个 API 密钥没有“${needed}”权限范围`,
              hint: `它的权限范围是：${key.scopes.join('、')}；请向平台团队申请带“${needed}”的密钥，或者不带密钥发送这个请求（按匿名限额）`,
            },
          }),
        };
      }
      const q = await quota.take(`key:${key.id}`, key.dailyQuota, now);
      const headers = { ...rateHeaders(r), ...quotaHeaders(q) };
      if (!q.allowed) {
        return {
          principal: key.id,
          // The policy that refuses is the one the X-RateLimit-* headers describe: the day's quota.
          headers: { ...headers, ...rateHeaders(q) },
          denied: rateLimited(
            q,
            { en: 'this API key used its daily quota', zh: '这个 API 密钥今天的配额已用完' },
            {
              en: 'the quota resets at 00:00 UTC; ask for a larger quota if you need one',
              zh: '配额在 UTC 时间 00:00 重置；如果需要，请申请更大的配额',
            },
          ),
        };
      }
      return { principal: key.id, headers };
    }
    keyProblem = found.problem;
  }
  // Health and the OpenAPI document: not counted for callers without a key (route-scope.ts), no limit headers.
  if (req.apiKey === undefined && !anonymousLimitApplies(req.handler)) return { principal: 'anonymous', headers: {} };
  const client = await anonymousClientId(deps, req.sourceIp, now);
  // The catalogue reads have a budget of their own (route-scope.ts); a request with a key that is not
  // valid always draws on the general one, so guessing keys is no cheaper on the catalogue.
  const catalog = req.apiKey === undefined && anonymousBudgetOf(req.route) === 'catalog';
  const r = catalog
    ? await rate.take(`anon-catalog:${client}`, deps.access.anonymousCatalogPerMinute, now)
    : await rate.take(`anon:${client}`, deps.access.anonymousPerMinute, now);
  // The headers describe the budget that applied to this request.
  const headers = rateHeaders(r);
  if (!r.allowed) {
    return {
      principal: 'anonymous',
      headers,
      denied: rateLimited(
        r,
        catalog
          ? { en: 'too many catalogue requests from your address this minute', zh: '您的地址本分钟的目录请求太多' }
          : { en: 'too many requests from your address this minute', zh: '您的地址本分钟的请求太多' },
        { en: 'slow down, or ask for an API key (higher limits)', zh: '请放慢请求，或申请一个 API 密钥（限额更高）' },
      ),
    };
  }
  return { principal: 'anonymous', headers, ...(keyProblem ? { denied: keyProblem } : {}) };
}

async function findKey(
  deps: Deps,
  token: string,
  now: number,
): Promise<{ record: ApiKeyRecord } | { problem: AppError }> {
  const hint =
    'send a valid key as `Authorization: Bearer <key>` or `X-API-Key: <key>`, or send none (anonymous limits)';
  const hintZh = '请用 `Authorization: Bearer <key>` 或 `X-API-Key: <key>` 发送有效的密钥，或者不带密钥（按匿名限额）';
  const parsed = parseApiKey(token);
  const record = parsed && (await cachedKey(deps, parsed.id, now));
  if (!record || !sameHash(record.sha256, token)) {
    return {
      problem: unauthorized({ detail: 'the API key is not valid', hint, zh: { detail: 'API 密钥无效', hint: hintZh } }),
    };
  }
  const status = keyStatus(record, new Date(now));
  if (status === 'revoked') {
    return {
      problem: unauthorized({
        detail: `API key ${record.id} was revoked`,
        hint,
        zh: { detail: `API 密钥 ${record.id} 已被吊销`, hint: hintZh },
      }),
    };
  }
  if (status === 'expired') {
    return {
      problem: unauthorized({
        detail: `API key ${record.id} expired at ${record.expiresAt}`,
        hint: 'ask the platform team for a new key',
        zh: { detail: `API 密钥 ${record.id} 已于 ${record.expiresAt} 过期`, hint: '请向平台团队申请新的密钥' },
      }),
    };
  }
  return { record };
}

function sameHash(expectedHex: string, token: string): boolean {
  const given = createHash('sha256').update(token).digest();
  const expected = Buffer.from(expectedHex, 'hex');
  return expected.length === given.length && timingSafeEqual(given, expected);
}
