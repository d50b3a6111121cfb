/**
 * Atomic, expiring counters (DynamoDB UpdateItem ADD in AWS and locally via dynalite, memory in unit
 * tests). The rate limiter, the daily quotas and the usage metering are built on them. Keys are
 * `<group>|<name>`: one group is one DynamoDB partition, listable with `list(group)`.
 */
export interface Counters {
  /**
   * Adds `by` to the counter (creating it at 0) and returns the new value. `expiresAt` is when the
   * counter may be deleted (DynamoDB TTL); it is refreshed on every increment.
   */
  increment(key: string, by: number, expiresAt: Date): Promise<number>;
  /** Current value; 0 when absent or expired. */
  get(key: string): Promise<number>;
  /** Every live counter of a group (`key` = `<group>|<name>`), by name ascending. */
  list(group: string): Promise<Array<{ name: string; value: number }>>;
  /**
   * Sets a value once: the first caller's `candidate` wins and every caller gets the winner (until
   * `expiresAt`). Used for shared short-lived secrets such as the daily salt of client ids.
   */
  setOnce(key: string, candidate: string, expiresAt: Date): Promise<string>;
}

/** Splits `<group>|<name>`; a key without `|` is its own group with an empty name. */
export function splitCounterKey(key: string): { group: string; name: string } {
  const i = key.indexOf('|');
  return i < 0 ? { group: key, name: '' } : { group: key.slice(0, i), name: key.slice(i + 1) };
}
