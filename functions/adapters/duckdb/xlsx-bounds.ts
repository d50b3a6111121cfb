import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { MAX_SOURCE_COLUMNS } from '../../core/validation/check-header.ts';

/**
 * What a workbook may unpack to, all its parts together (uncompressed): what one worksheet alone could
 * already be. The sheet reader holds every part it reads at once, so the whole workbook gets the budget
 * one sheet had; a sheet whose texts Excel moved into xl/sharedStrings.xml shrinks by about what that
 * part adds, so a workbook that fitted as one sheet of inline texts still fits as sheet + shared strings.
 */
const MAX_WORKBOOK_BYTES = 512 * 1024 ** 2;
/**
 * Deflate packs spreadsheet XML 7 to 30 times (empty styled rows, the most repetitive, about 27);
 * only filler gets near deflate's own limit of about 1,030 (a 1.2 MB upload unpacked to 1.2 GB).
 */
const MAX_RATIO = 100;
/** Smaller parts are not judged by their ratio: a few KB of repeated markup pack well and cost nothing. */
const RATIO_FROM_BYTES = 1024 ** 2;
/** Cells the sheet reader may lay out (rows x widest row): its arrays hold every one, empty or not. */
const MAX_GRID_CELLS = 50_000_000;
const MAX_ROWS = 1_048_576;

const BLOAT_HINT =
  'the workbook holds far more than its data, or was not written by a spreadsheet program: open it in the spreadsheet program and save it again as .xlsx with only the data sheet, or export CSV';
const GRID_HINT =
  'export only the data: one sheet of the declared columns, without cells far outside it (re-save it from the spreadsheet program, or export CSV)';

/** The workbook as the sheet reader may read it (only the parts it reads, checked), or why it must not be read. */
export type BoundedWorkbook =
  | { readonly ok: true; readonly input: Buffer }
  | { readonly ok: false; readonly refusal: string; readonly hint: string };

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly packed: number;
  readonly size: number;
  readonly offset: number;
}

/**
 * Reads an XLSX workbook within bounds and gives the sheet reader (read-excel-file) only what was
 * checked. The reader unzips and parses in memory every *.xml part of the archive, trusting the zip:
 * a 1.2 MB upload of padding parts took the process to 2.7 GB, and one cell at column 100,000,000 in a
 * 1.6 KB file (or one `<row r="200000000"/>`) made it lay out a grid that ran it out of memory, taking
 * every other release with it. So, before anything is inflated, every part's declared size, their sum
 * (MAX_WORKBOOK_BYTES) and each part's compression ratio are bounded; the parts the reader reads are then
 * inflated here, never past the size they declare (a zip's sizes can lie); the sheets' cell and row
 * references are bounded: at most MAX_SOURCE_COLUMNS columns (as for CSV), 1,048,576 rows (the XLSX
 * grid), 50 million cells laid out. The reader gets a new archive of just those parts, stored: nothing
 * else in the upload (parts missing from the zip's directory included) reaches it.
 */
export async function boundedWorkbook(path: string): Promise<BoundedWorkbook> {
  const zip = await readFile(path);
  // Not a zip at all (a CSV or an .xls renamed): the reader says so from the first bytes, with its own
  // hint, and unzips nothing. Whatever starts like a zip ("PK") it would unzip, so that is read here.
  if (zip.length < 2 || zip.readUInt16BE(0) !== 0x504b) return { ok: true, input: zip };
  const bloated = (refusal: string): BoundedWorkbook => ({ ok: false, refusal, hint: BLOAT_HINT });
  let entries: ZipEntry[];
  try {
    entries = centralDirectory(zip);
  } catch {
    return bloated('it is not a complete zip archive (an .xlsx workbook is one)');
  }
  let total = 0;
  let largest: ZipEntry | undefined;
  for (const e of entries) {
    if (e.size > MAX_WORKBOOK_BYTES) {
      return bloated(
        `part ${e.name} is ${size(e.size)} uncompressed, more than the ${size(MAX_WORKBOOK_BYTES)} a workbook may hold`,
      );
    }
    total += e.size;
    if (!largest || e.size > largest.size) largest = e;
  }
  if (largest && total > MAX_WORKBOOK_BYTES) {
    return bloated(
      `its parts are ${size(total)} uncompressed together (the largest, ${largest.name}, ${size(largest.size)}), more than the ${size(MAX_WORKBOOK_BYTES)} a workbook may hold`,
    );
  }
  for (const e of entries) {
    if (e.size >= RATIO_FROM_BYTES && e.size > MAX_RATIO * e.packed) {
      return bloated(
        `part ${e.name} unpacks to ${Math.round(e.size / Math.max(e.packed, 1))} times its packed size (${size(e.size)} from ${size(e.packed)}), more than the ${MAX_RATIO} times of spreadsheet data`,
      );
    }
  }
  const parts: Record<string, Buffer> = {};
  for (const e of entries) {
    if (!readByReader(e.name)) continue;
    const part = inflatePart(zip, e);
    if (typeof part === 'string') return bloated(part);
    parts[e.name] = part;
  }
  for (const [name, bytes] of Object.entries(parts)) {
    // The reader takes as a sheet whatever part the workbook's relationships name, wherever it is.
    if (!bytes.includes('sheetData')) continue;
    const refusal = gridRefusal(name, bytes.toString('utf8'));
    if (refusal) return { ok: false, refusal, hint: GRID_HINT };
  }
  const stored = zipSync(parts, { level: 0 });
  return { ok: true, input: Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength) };
}

/** The parts read-excel-file reads (its filterZipArchiveEntry): every other one stays packed. */
const readByReader = (name: string) => name.endsWith('.xml') || name.endsWith('.xml.rels');

/**
 * Why a sheet's cells must not be laid out, or null: its rows and cells as the reader sees them (its XML
 * tokenizer, saxen, with entities decoded and namespace prefixes dropped), so neither quoting nor
 * encoding hides a reference from the bound. The reader adds an empty row for every row number skipped
 * (`<row r="200000000"/>` in a 2 KB file ran it out of memory) and pads every row to the widest cell.
 */
function gridRefusal(name: string, xml: string): string | null {
  let laidOut = 0;
  let open: number | null = null; // the row being read: its number, 0 while it has none yet
  let widest = 0;
  const closeRow = () => {
    if (open !== null) laidOut = open > laidOut ? open : laidOut + 1;
    open = null;
    return laidOut > MAX_ROWS ? `${name}: its rows run past row ${MAX_ROWS}, the last row of a sheet` : null;
  };
  for (const tag of startTags(xml)) {
    if (tag.name === 'row') {
      const refusal = closeRow();
      if (refusal) return refusal;
      // No number (NaN, 0, a negative one): the row is numbered by its first cell, or follows the last.
      open = Math.max(Number(tag.r ?? '') || 0, 0);
      if (open > MAX_ROWS) return `${name}: row ${shown(tag.r)} is beyond row ${MAX_ROWS}, the last row of a sheet`;
      continue;
    }
    const cell = cellAddress(tag.r);
    if (!cell) continue; // the reader refuses the sheet
    if (cell.column > MAX_SOURCE_COLUMNS) {
      return `${name}: cell ${shown(tag.r)} is beyond column ${MAX_SOURCE_COLUMNS} (a source may have at most ${MAX_SOURCE_COLUMNS} columns)`;
    }
    if (cell.row > MAX_ROWS) return `${name}: cell ${shown(tag.r)} is beyond row ${MAX_ROWS}, the last row of a sheet`;
    if (open === 0 && cell.row > 0) open = cell.row;
    if (cell.column > widest) widest = cell.column;
  }
  const refusal = closeRow();
  if (refusal) return refusal;
  if (laidOut * widest > MAX_GRID_CELLS) {
    return `${name}: ${laidOut} rows by ${widest} columns is more than ${MAX_GRID_CELLS} cells to read`;
  }
  return null;
}

const shown = (text = '') => (text.length > 24 ? `${text.slice(0, 24)}…` : text);

/** A cell reference as the reader reads it: every character before the first digit is a column letter. */
function cellAddress(ref: string | undefined): { row: number; column: number } | null {
  if (ref === undefined) return null;
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      const row = Number(ref.slice(i));
      return Number.isNaN(row) ? null : { row, column };
    }
    column = column * 26 + code - 64;
  }
  return null;
}

/**
 * The `<row>` and `<c>` start tags of a sheet with their `r` attribute (the last one named r, any
 * prefix), tokenized as saxen does: comments, CDATA and `<?…?>` skipped, a tag ending at the first `>`
 * outside quotes. Linear: the text is walked once.
 */
function* startTags(xml: string): Generator<{ name: 'row' | 'c'; r: string | undefined }> {
  const quoteOrEnd = /["'>]/g;
  const tagName = /[^\s/>]*/y;
  const after = (from: number, end: string) => {
    const j = xml.indexOf(end, from);
    return j < 0 ? -1 : j + end.length;
  };
  let at = 0;
  for (;;) {
    const i = xml.indexOf('<', at);
    if (i < 0) return;
    if (xml.startsWith('!--', i + 1)) at = after(i, '-->');
    else if (xml.startsWith('![CDATA[', i + 1)) at = after(i, ']]>');
    else if (xml.startsWith('?', i + 1)) at = after(i, '?>');
    else {
      let end = -1;
      quoteOrEnd.lastIndex = i + 1;
      for (let m = quoteOrEnd.exec(xml); m; m = quoteOrEnd.exec(xml)) {
        if (m[0] === '>') {
          end = m.index;
          break;
        }
        const close = xml.indexOf(m[0], m.index + 1);
        if (close >= 0) quoteOrEnd.lastIndex = close + 1;
      }
      if (end < 0) return; // an unclosed tag: the reader refuses the sheet
      tagName.lastIndex = i + 1;
      const tag = tagName.exec(xml)?.[0] ?? '';
      const local = tag.slice(tag.indexOf(':') + 1);
      if (local === 'row' || local === 'c') yield { name: local, r: rAttribute(xml.slice(i + 1 + tag.length, end)) };
      at = end + 1;
    }
    if (at < 0) return;
  }
}

/** The value of the last attribute named r (any prefix: the reader drops it), entities decoded. */
function rAttribute(attributes: string): string | undefined {
  let r: string | undefined;
  for (const m of attributes.matchAll(/([A-Za-z_:][\w:.-]*)=(?:"([^"]*)"|'([^']*)')/g)) {
    const attribute = m[1] ?? '';
    if (attribute === 'r' || attribute.endsWith(':r')) r = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return r;
}

const ENTITIES: Record<string, string> = { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' };

/** Character references and the five XML entities, decoded as saxen does. */
const decodeEntities = (text: string): string =>
  text.replace(/&#(\d+);|&#x([0-9a-f]+);|&(\w+);/gi, (whole, d?: string, x?: string, named?: string) => {
    if (named !== undefined)
      return (named === named.toUpperCase() ? ENTITIES[named.toLowerCase()] : ENTITIES[named]) ?? whole;
    return String.fromCharCode(d !== undefined ? Number(d) : Number.parseInt(x ?? '', 16));
  });

const MAX32 = 0xffffffff;

/**
 * The entries of a zip archive's central directory (ZIP64 included), as declared. Throws on an archive
 * whose directory cannot be read (a RangeError from reading past its end, or a missing signature).
 */
function centralDirectory(zip: Buffer): ZipEntry[] {
  let end = zip.length - 22;
  // The end record is followed by a comment of at most 65,535 bytes.
  while (zip.readUInt32LE(end) !== 0x06054b50) {
    if (end === 0 || zip.length - end > 22 + 0xffff) throw new RangeError('no end of central directory');
    end--;
  }
  let count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (end >= 20 && zip.readUInt32LE(end - 20) === 0x07064b50) {
    const end64 = Number(zip.readBigUInt64LE(end - 12));
    if (zip.readUInt32LE(end64) !== 0x06064b50) throw new RangeError('no ZIP64 end of central directory');
    count = Number(zip.readBigUInt64LE(end64 + 32));
    at = Number(zip.readBigUInt64LE(end64 + 48));
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new RangeError('no central directory entry');
    const nameEnd = at + 46 + zip.readUInt16LE(at + 28);
    const extraEnd = nameEnd + zip.readUInt16LE(at + 30);
    const name = zip.toString(zip.readUInt16LE(at + 8) & 0x800 ? 'utf8' : 'latin1', at + 46, nameEnd);
    // ZIP64: the sizes and offset saturated at 0xFFFFFFFF are in the extra field 0x0001, in this order.
    const wide = [zip.readUInt32LE(at + 24), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 42)];
    if (wide.includes(MAX32)) {
      let x = nameEnd;
      while (x + 4 <= extraEnd && zip.readUInt16LE(x) !== 0x0001) x += 4 + zip.readUInt16LE(x + 2);
      if (x + 4 > extraEnd) throw new RangeError('no ZIP64 extra field');
      let field = x + 4;
      for (const [j, v] of wide.entries()) {
        if (v !== MAX32) continue;
        wide[j] = Number(zip.readBigUInt64LE(field));
        field += 8;
      }
    }
    const [size = 0, packed = 0, offset = 0] = wide;
    entries.push({ name, method: zip.readUInt16LE(at + 10), packed, size, offset });
    at = extraEnd + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** A part's bytes, inflated no further than the size it declares, or why it cannot be. */
function inflatePart(zip: Buffer, e: ZipEntry): Buffer | string {
  let data: Buffer;
  try {
    if (zip.readUInt32LE(e.offset) !== 0x04034b50) return `part ${e.name} is not where the zip's directory says`;
    const start = e.offset + 30 + zip.readUInt16LE(e.offset + 26) + zip.readUInt16LE(e.offset + 28);
    data = zip.subarray(start, start + e.packed);
  } catch {
    return `part ${e.name} is not where the zip's directory says`;
  }
  if (data.length < e.packed) return `part ${e.name} is cut short`;
  let bytes: Buffer;
  if (e.method === 0) bytes = data;
  else if (e.method === 8) {
    try {
      // zlib stops as soon as the output would pass the limit: a lying size costs no more than the truth.
      bytes = inflateRawSync(data, { maxOutputLength: Math.max(e.size, 1) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return `part ${e.name} unpacks to more than the ${size(e.size)} it declares`;
      }
      return `part ${e.name} cannot be unpacked (${(err as Error).message})`;
    }
  } else return `part ${e.name} is packed with method ${e.method}, which spreadsheet programs do not use`;
  if (bytes.length !== e.size)
    return `part ${e.name} unpacks to ${size(bytes.length)}, not the ${size(e.size)} it declares`;
  return bytes;
}

/** A byte count as people read it: 512 MB, 37 KB, 120 bytes. */
function size(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  return `${bytes} bytes`;
}
