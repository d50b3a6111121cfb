/**
 * Rate limits use fixed one-minute windows: a test that counts requests up to a limit waits, when
 * needed, for a fresh window so the count cannot straddle a reset. Bounded: at most ~15 s.
 */
export async function awaitFreshMinute(neededSeconds = 15): Promise<void> {
  const left = 60 - (Date.now() % 60_000) / 1000;
  if (left < neededSeconds) await new Promise((r) => setTimeout(r, left * 1000 + 200));
}
