import { DETECTORS, type Detector } from '../../functions/core/protection/detectors/index.ts';
import { scanTextCell } from '../../functions/core/protection/number-scan.ts';

/**
 * What the SQL scan must find in two text columns (`备注`, `b`), by the JS reference `scanTextCell`:
 * occurrences per `column|detector|value`.
 */
export function expectedHits(
  rows: ReadonlyArray<readonly [string, string]>,
  detectors: readonly Detector[] = DETECTORS,
): Map<string, number> {
  const want = new Map<string, number>();
  for (const [a, b] of rows) {
    for (const [col, t] of [
      ['备注', a],
      ['b', b],
    ] as const) {
      for (const m of scanTextCell(t, detectors)) {
        const k = `${col}|${m.detector}|${m.value}`;
        want.set(k, (want.get(k) ?? 0) + 1);
      }
    }
  }
  return want;
}
