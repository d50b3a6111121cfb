/**
 * A count of the elementary steps one search took (postings visited, candidate fields checked, typo
 * variants looked up, pinyin occurrences checked, text scanned / 64), so a test can guard how the work
 * grows with the catalogue and the query without timing anything (timings belong in bench/search.ts).
 */
export interface WorkMeter {
  units: number;
}
