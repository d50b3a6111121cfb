import type { Treatment } from '../../manifest/treatment.ts';
import { type CellValue, textOf } from './context.ts';

type Mask = Extract<Treatment, { kind: 'mask' }>;

/**
 * How many characters are kept at each end of a text of `length` code points. At least a third of the
 * text (and at least one character) is always masked, whatever the manifest asks: keeping 17 of an
 * 18-character resident ID publishes it (its last character is a check digit), and a 2-character name
 * with keepFirst 1 and keepLast 1 would be published whole. keepFirst wins over keepLast when they compete.
 */
export function maskKeeps(t: Pick<Mask, 'keepFirst' | 'keepLast'>, length: number): { first: number; last: number } {
  const kept = Math.max(0, length - Math.max(1, Math.ceil(length / 3)));
  const first = Math.min(t.keepFirst, kept);
  const last = Math.min(t.keepLast, kept - first);
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
