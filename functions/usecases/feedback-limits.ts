import { createHmac, randomBytes } from 'node:crypto';
import { tooManyRequests } from '../core/errors.ts';
import { anonymousClientId } from './access/client-id.ts';
import type { Deps } from './deps.ts';

const HOUR_MS = 3_600_000;

/** Submission limits per client (hashed source address; no address is stored). */
export const SUBMISSION_LIMITS = {
  /** Feedback items on one dataset per hour. */
  feedbackPerDataset: 10,
  /** Feedback items across datasets per hour. */
  feedback: 30,
  /** Data requests per hour. */
  request: 5,
  /** Votes per hour. */
  vote: 60,
} as const;

/**
 * Counts a submission and refuses it (429 with Retry-After) past the hourly limit. The client id is a
 * daily-salted hash of the source address: limits work, addresses are never stored.
 */
export async function limitSubmission(
  deps: Deps,
  sourceIp: string,
  what: keyof typeof SUBMISSION_LIMITS,
  scope = '',
): Promise<void> {
  const now = deps.clock.now().getTime();
  const client = await anonymousClientId(deps, sourceIp, now);
  const start = Math.floor(now / HOUR_MS) * HOUR_MS;
  const n = await deps.counters.increment(
    `submit#${what}#${scope}|${client}#${start}`,
    1,
    new Date(start + 2 * HOUR_MS),
  );
  const limit = SUBMISSION_LIMITS[what];
  if (n > limit) {
    const retryAfter = Math.max(1, Math.ceil((start + HOUR_MS - now) / 1000));
    throw tooManyRequests({
      detail: `at most ${limit} submissions of this kind per hour`,
      hint: 'try again later',
      zh: { detail: `这类提交每小时最多 ${limit} 次`, hint: '请稍后再试' },
      extensions: { retryAfter },
    });
  }
}

/**
 * A permanent, non-reversible id of one client for one thing it may do once: a vote on a data request,
 * a rating of a dataset (a new one replaces the old). HMAC with the platform's pseudonym key over
 * (what, subject, source address): the address is not stored and cannot be recovered without the key.
 */
export async function onceId(deps: Deps, what: 'vote' | 'rating', subject: string, sourceIp: string): Promise<string> {
  const key = await deps.secrets.pseudonymKey();
  return createHmac('sha256', key).update(`${what}\0${subject}\0${sourceIp}`).digest('base64url').slice(0, 32);
}

/** Time-sortable unique id: `<yyyymmddhhmmss>-<random>`. */
export function newId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:T.Z]/g, '')
    .slice(0, 14)}-${randomBytes(6).toString('hex')}`;
}
