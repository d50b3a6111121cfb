import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';

/**
 * The flights in SQLite as Datasette serves a CSV loaded with sqlite-utils: a rowid table, full-text
 * search enabled with `sqlite-utils enable-fts` (an external-content FTS5 table over the text columns).
 * Column indexes only when asked (Datasette creates none by itself).
 */
export async function loadSqlite(path: string, csv: string): Promise<DatabaseSync> {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;');
  db.exec('CREATE TABLE flights (date TEXT, delay INTEGER, distance INTEGER, origin TEXT, destination TEXT)');
  const insert = db.prepare('INSERT INTO flights VALUES (?, ?, ?, ?, ?)');
  db.exec('BEGIN');
  const lines = createInterface({ input: createReadStream(csv), crlfDelay: Number.POSITIVE_INFINITY });
  let header = true;
  let n = 0;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    const [date, delay, distance, origin, destination] = line.split(',');
    insert.run(date ?? null, Number(delay), Number(distance), origin ?? null, destination ?? null);
    if (++n > 10_000_000) throw new Error('unexpectedly many rows');
  }
  db.exec('COMMIT');
  db.exec(
    "CREATE VIRTUAL TABLE flights_fts USING fts5(origin, destination, content='flights'); INSERT INTO flights_fts(flights_fts) VALUES('rebuild');",
  );
  db.exec('ANALYZE');
  return db;
}

export function indexEveryColumn(db: DatabaseSync): void {
  for (const c of ['date', 'delay', 'distance', 'origin', 'destination'])
    db.exec(`CREATE INDEX idx_flights_${c} ON flights(${c})`);
  db.exec('ANALYZE');
}
