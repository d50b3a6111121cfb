/**
 * How long a raw-upload message that failed waits before its next attempt, by the attempt that failed
 * (its receive count): 1 min, then 5 min, then 15 min. The queue's own visibility timeout (6× the
 * function's time limit, for messages whose invocation was cut off) would make every retry wait 90 min.
 */
export function uploadRetryDelaySeconds(receiveCount: number): number {
  const attempt = Number.isFinite(receiveCount) && receiveCount >= 1 ? Math.floor(receiveCount) : 1;
  return [60, 300][attempt - 1] ?? 900;
}
