/**
 * Reads the header record of a CSV text prefix (quotes, doubled quotes, CRLF) and detects the
 * delimiter when none is declared. Pure: the adapter passes the first bytes of the file, decoded.
 */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITER_CANDIDATES) {
    const n = splitRecord(firstLine, d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** The first physical record (may span lines inside quotes), without its line break. */
export function firstRecord(text: string): string {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) return text.slice(0, i);
  }
  return text;
}

/** Splits one record into cells (RFC 4180 quoting). */
export function splitRecord(record: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i] as string;
    if (inQuotes) {
      if (ch === '"' && record[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else cur += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === delimiter) {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

export function parseHeader(prefix: string, declared?: string): { delimiter: string; columns: string[] } {
  const text = prefix.charCodeAt(0) === 0xfeff ? prefix.slice(1) : prefix;
  const record = firstRecord(text);
  const delimiter = declared ?? detectDelimiter(record);
  return { delimiter, columns: record.length === 0 ? [] : splitRecord(record, delimiter).map((c) => c.trim()) };
}
