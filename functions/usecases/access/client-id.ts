import { createHash, randomBytes } from 'node:crypto';
import { DAY_MS, utcDay } from '../../core/access/fixed-window.ts';
import type { Deps } from '../deps.ts';

const salts = new WeakMap<object, { day: string; salt: string }>();

/**
 * The rate-limit identity of an anonymous client: sha256 of its source address with a salt shared
 * by all containers and rotated every UTC day. No address is stored; once a day's salt expires
 * (TTL) that day's ids can no longer be linked to addresses.
 */
export async function anonymousClientId(deps: Deps, sourceIp: string, nowMs: number): Promise<string> {
  const day = utcDay(nowMs);
  let cur = salts.get(deps.counters);
  if (cur?.day !== day) {
    const dayEnd = Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS;
    const salt = await deps.counters.setOnce(
      `salt|${day}`,
      randomBytes(32).toString('base64url'),
      new Date(dayEnd + 3_600_000),
    );
    cur = { day, salt };
    salts.set(deps.counters, cur);
  }
  return createHash('sha256').update(cur.salt).update('\0').update(sourceIp).digest('base64url').slice(0, 22);
}
