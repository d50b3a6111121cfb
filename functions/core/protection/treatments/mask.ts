import type { Treatment } from '../../manifest/treatment.ts';
import { type CellValue, textOf } from './context.ts';

type Mask = Extract<Treatment, { kind: 'mask' }>;

/**
 * How many characters are kept at each end of a text of `length` code points. At least one character
 * is always masked: a 2-character name with keepFirst 1 and keepLast 1 would otherwise be published
 * whole. keepFirst wins over keepLast when they compete.
 */
export function maskKeeps(t: Pick<Mask, 'keepFirst' | 'keepLast'>, length: number): { first: number; last: number } {
  const first = Math.max(0, Math.min(t.keepFirst, length - 1));
  const last = Math.max(0, Math.min(t.keepLast, length - 1 - first));
  return { first, last };
}

/** Masks by code points, so "张三丰" and emoji are masked per character, not per UTF-16 unit. */
export function maskValue(value: CellValue, t: Mask): CellValue {
  if (value === null) return null;
  const cps = [...textOf(value)];
  if (cps.length === 0) return '';
  const { first, last } = maskKeeps(t, cps.length);
  return (
    cps.slice(0, first).join('') + t.char.repeat(cps.length - first - last) + cps.slice(cps.length - last).join('')
  );
}
