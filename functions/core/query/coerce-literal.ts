import type { ValueType } from './checked-query.ts';

/**
 * Turns text (a quoted literal, a `?field=value` filter, a cursor value) into a value of the type it
 * is compared with. Returns the value or a reason, in English and in Chinese (`zh`); the caller names
 * the column in the 400.
 */
export type Coerced =
  | { readonly ok: true; readonly value: string | number | boolean }
  | { readonly ok: false; readonly reason: string; readonly zh: string };

const refused = (reason: string, zh: string): Coerced => ({ ok: false, reason, zh });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$/;
const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

export const coerceText = (text: string, type: ValueType): Coerced => {
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'integer': {
      const n = Number(text);
      if (!INTEGER.test(text.trim()) || !Number.isSafeInteger(n)) {
        return refused(`'${clip(text)}' is not an integer`, `'${clip(text)}' 不是整数`);
      }
      return { ok: true, value: n };
    }
    case 'number': {
      const n = Number(text);
      if (!DECIMAL.test(text.trim()) || !Number.isFinite(n))
        return refused(`'${clip(text)}' is not a number`, `'${clip(text)}' 不是数值`);
      return { ok: true, value: n };
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t === 'true') return { ok: true, value: true };
      if (t === 'false') return { ok: true, value: false };
      return refused(`'${clip(text)}' is not true or false`, `'${clip(text)}' 不是 true 或 false`);
    }
    case 'date':
      return validDate(text)
        ? { ok: true, value: text }
        : refused(`'${clip(text)}' is not a date (YYYY-MM-DD)`, `'${clip(text)}' 不是日期（YYYY-MM-DD）`);
    case 'datetime': {
      const m = DATETIME.exec(text);
      if (!m || !validDate(m[1]!) || (m[2] !== undefined && !validTime(m[2]))) {
        return refused(
          `'${clip(text)}' is not a date-time (YYYY-MM-DDTHH:MM:SS, no time zone)`,
          `'${clip(text)}' 不是日期时间（YYYY-MM-DDTHH:MM:SS，不带时区）`,
        );
      }
      // Both engines accept a space separator; Trino refuses `T`.
      return { ok: true, value: m[2] === undefined ? `${m[1]} 00:00:00` : `${m[1]} ${m[2]}` };
    }
    case 'time':
      return validTime(text)
        ? { ok: true, value: text }
        : refused(`'${clip(text)}' is not a time (HH:MM:SS)`, `'${clip(text)}' 不是时间（HH:MM:SS）`);
    case 'null':
      return refused('NULL has no type to compare with', 'NULL 没有可供比较的类型');
  }
};

/** Text a cursor may hold for a numeric key: what `CAST(double AS VARCHAR)` prints, infinities included. */
export const isNumericText = (text: string): boolean => DECIMAL.test(text) || /^[-+]?(inf|infinity|nan)$/i.test(text);

const validDate = (text: string): boolean => {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
};

const validTime = (text: string): boolean => {
  const m = TIME.exec(text);
  return !!m && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3] ?? 0) < 60;
};

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
