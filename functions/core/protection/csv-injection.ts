import { quoteLiteral } from '../sql/quote.ts';

/**
 * CSV injection (OWASP "CSV Injection"): a spreadsheet opening a published CSV runs a cell starting
 * with = + - @ (or tab / carriage return, which some spreadsheets skip before such a character) as a
 * formula. Such text cells get a leading single quote, which spreadsheets show as text. Real
 * numbers ("-2", "+3.5", "1e-3") and number pairs ("-33.86,151.2") are left alone: negative values
 * must stay numbers.
 */
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

/**
 * What a trigger character may start without a quote: a number, or two numbers separated by a comma, a
 * geopoint's "lat,lon" ("-33.86,151.2": a negative latitude must stay a coordinate). Digits, signs,
 * points and one comma name no function and no cell, so a spreadsheet can run nothing from them.
 */
const NUMBER = '[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?';
const CSV_SAFE_PATTERN = `^${NUMBER}(?: ?, ?${NUMBER})?$`;
const CSV_SAFE = new RegExp(CSV_SAFE_PATTERN);

/** The cell text made safe to open in a spreadsheet; unchanged unless it could be read as a formula. */
export function neutralizeCsvCell(text: string): string {
  if (text.length === 0 || !TRIGGERS.includes(text[0]!)) return text;
  return CSV_SAFE.test(text) ? text : `'${text}`;
}

/**
 * DuckDB condition: the text starts with a trigger character (its first code point is one of
 * TRIGGERS). A list lookup rather than `left(x, 1) IN (…)`: DuckDB plans an IN list of 6+ values as a
 * join, and with a join in the plan COPY writes chunks in whatever order the threads finish them.
 */
export function csvTriggerSql(textSql: string): string {
  return `list_contains([${TRIGGERS.map((c) => c.codePointAt(0)).join(', ')}], ascii(${textSql}))`;
}

/** The same as neutralizeCsvCell, as a DuckDB expression over a VARCHAR expression (for COPY … TO csv). */
export function neutralizeCsvCellSql(textSql: string): string {
  return `(CASE WHEN ${csvTriggerSql(textSql)} AND NOT regexp_full_match(${textSql}, ${quoteLiteral(CSV_SAFE_PATTERN)}) THEN '''' || ${textSql} ELSE ${textSql} END)`;
}
