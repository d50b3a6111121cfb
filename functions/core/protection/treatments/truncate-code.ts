import type { Treatment } from '../../manifest/treatment.ts';
import { type CellValue, textOf } from './context.ts';

type TruncateCode = Extract<Treatment, { kind: 'truncate-code' }>;

/**
 * Keeps the first `keep` characters of a code (GB/T 2260 region 110105 keep 4 → 110100 with padding,
 * 1101 without). Codes no longer than `keep` are already that coarse and stay as they are.
 */
export function truncateCode(value: CellValue, t: TruncateCode): CellValue {
  if (value === null) return null;
  const cps = [...textOf(value)];
  if (cps.length <= t.keep) return cps.join('');
  const head = cps.slice(0, t.keep).join('');
  return t.pad ? head + '0'.repeat(cps.length - t.keep) : head;
}
