import { pick } from '../../../functions/core/manifest/localized.ts';
import { SOQL_KEYWORDS } from '../../../functions/core/query/keywords.ts';
import { quoteLiteral } from '../../../functions/core/sql/quote.ts';
import { ui } from '../i18n/index.ts';
import { latestVersion } from './catalog.ts';
import { formatBytes } from './format.ts';
import { artifactUrl } from './paths.ts';
import type { Language, SnapshotDataset } from './types.ts';

/** A code example of the dataset page's "Use the API" section. */
export interface Snippet {
  id: string;
  label: string;
  code: string;
}

/**
 * Above this size a whole file is too much to read in a browser or a notebook: the snippets read the
 * Parquet file instead of the CSV (about 8× smaller for flights-3m, with its types), and JavaScript
 * reads a page of the query API instead of data.json (280 MB for flights-3m).
 */
export const LARGE_FILE_BYTES = 10 * 1024 * 1024;

/** A column name as SoQL reads it: bare when it is a plain identifier, else backquoted (`adjusted CO2`). */
export function soqlName(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) && !SOQL_KEYWORDS.has(name.toLowerCase()) ? name : `\`${name}\``;
}

const soqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;
/**
 * A word for a POSIX shell that it reads as written (`$where` not expanded): in single quotes, or, when
 * it holds one (a SoQL text literal), in double quotes with `$`, backquotes, `"` and backslashes
 * escaped (unless it holds a `!`, which an interactive shell expands in double quotes: then each `'`
 * is written `'\''`).
 */
export const shellQuote = (s: string) => {
  if (!s.includes("'")) return `'${s}'`;
  if (s.includes('!')) return `'${s.replaceAll("'", "'\\''")}'`;
  return `"${s.replace(/[$`"\\]/g, (c) => `\\${c}`)}"`;
};

/** A SoQL query of the dataset's own columns: `$select`, `$where`, `$order` and `$limit` parameters. */
export interface SoqlExample {
  params: [string, string][];
}

/**
 * A query that works on this dataset, from its own fields and preview: the rows where a number column is
 * at least its value in the first preview row (so at least that row answers), largest first, with a
 * text column beside it; or the rows where a text column equals its first value. Columns that cannot be
 * written in SoQL (a backquote in the name) are left out.
 */
export function soqlExample(d: SnapshotDataset): SoqlExample {
  const fields = d.entry.fields.filter((f) => !f.name.includes('`'));
  const column = (name: string) => d.preview.columns.indexOf(name);
  const firstValue = (name: string): string | number | boolean | null => {
    const i = column(name);
    if (i < 0) return null;
    for (const row of d.preview.rows)
      if (row[i] !== null && row[i] !== undefined && row[i] !== '') return row[i] ?? null;
    return null;
  };
  // Untreated fields first: a published code or band reads worse in an example.
  const byPreference = [...fields.filter((f) => !f.treatment), ...fields.filter((f) => f.treatment)];
  const numeric = byPreference.find(
    (f) => (f.type === 'integer' || f.type === 'number') && Number.isFinite(Number(firstValue(f.name) ?? Number.NaN)),
  );
  const text =
    byPreference.find(
      (f) => f.type === 'string' && !d.entry.primaryKey.includes(f.name) && typeof firstValue(f.name) === 'string',
    ) ?? byPreference.find((f) => f.type === 'string' && typeof firstValue(f.name) === 'string');
  const params: [string, string][] = [];
  const selected = [text, numeric].filter((f) => f !== undefined);
  if (selected.length < 2) {
    for (const f of fields) if (selected.length < 2 && !selected.includes(f)) selected.push(f);
  }
  if (selected.length) params.push(['$select', selected.map((f) => soqlName(f.name)).join(', ')]);
  if (numeric) {
    params.push(['$where', `${soqlName(numeric.name)} >= ${Number(firstValue(numeric.name))}`]);
    params.push(['$order', `${soqlName(numeric.name)} DESC`]);
  } else if (text) {
    params.push(['$where', `${soqlName(text.name)} = ${soqlText(String(firstValue(text.name)))}`]);
  } else if (fields[0]) {
    params.push(['$where', `${soqlName(fields[0].name)} IS NOT NULL`]);
  }
  params.push(['$limit', '10']);
  return { params };
}

/** The size of a file of the latest version (0 when unknown). */
function latestBytes(d: SnapshotDataset, file: string): number {
  return latestVersion(d)?.artifacts.find((a) => a.name === file)?.bytes ?? 0;
}

/**
 * Code to fetch the dataset with the real API base: plain text, the page escapes it. Sized to the
 * dataset: above LARGE_FILE_BYTES, pandas and R read the Parquet file and JavaScript a page of the
 * query API. The SoQL example is built from the dataset's own columns.
 */
export function apiSnippets(d: SnapshotDataset, apiBaseUrl: string, lang: Language = 'en'): Snippet[] {
  const id = d.entry.id;
  const csv = artifactUrl(apiBaseUrl, id, 'latest', 'data.csv');
  const parquet = artifactUrl(apiBaseUrl, id, 'latest', 'data.parquet');
  const json = artifactUrl(apiBaseUrl, id, 'latest', 'data.json');
  const queryBase = `${apiBaseUrl}/v1/datasets/${encodeURIComponent(id)}/query`;
  const query = `${queryBase}?$limit=100`;
  const csvBytes = latestBytes(d, 'data.csv');
  const jsonBytes = latestBytes(d, 'data.json');
  const parquetBytes = latestBytes(d, 'data.parquet');
  const bigCsv = csvBytes > LARGE_FILE_BYTES;
  const bigJson = jsonBytes > LARGE_FILE_BYTES;
  const size = (n: number) => formatBytes(n, 'en');
  const parquetWhy = `# data.csv is ${size(csvBytes)}: the Parquet file (${size(parquetBytes)}) has the same rows, typed.`;
  const example = soqlExample(d);
  return [
    // Single quotes: in double quotes a shell would expand `$limit` to nothing.
    { id: 'curl', label: 'curl', code: `curl -fL -o ${id}.csv '${csv}'\ncurl -f '${query}'` },
    {
      id: 'soql',
      label: ui(lang)('snippetSoql'),
      code: [
        `curl -fG ${shellQuote(queryBase)} \\`,
        ...example.params.map(
          ([k, val], i) =>
            `  --data-urlencode ${shellQuote(`${k}=${val}`)}${i < example.params.length - 1 ? ' \\' : ''}`,
        ),
      ].join('\n'),
    },
    {
      id: 'python',
      label: 'Python (pandas)',
      code: bigCsv
        ? `import pandas as pd\n\n${parquetWhy} Needs pyarrow.\ndf = pd.read_parquet("${parquet}")\nprint(df.head())`
        : `import pandas as pd\n\ndf = pd.read_csv("${csv}")\n# or: pd.read_parquet("${parquet}")\nprint(df.head())`,
    },
    {
      id: 'js',
      label: 'JavaScript (fetch)',
      code: bigJson
        ? [
            `// data.json is ${size(jsonBytes)}: read it a page at a time from the query API.`,
            `const res = await fetch("${queryBase}?$limit=1000");`,
            'if (!res.ok) throw new Error(res.statusText);',
            'const page = await res.json(); // { columns, rows, truncated, next }',
            'console.log(page.rows.length); // page.next is the URL of the next page (null after the last)',
          ].join('\n')
        : `const res = await fetch("${json}");\nif (!res.ok) throw new Error(res.statusText);\nconst rows = await res.json();\nconsole.log(rows.length);`,
    },
    // The CSV starts with a UTF-8 BOM (for Excel): "UTF-8-BOM" keeps it out of the first column's name.
    {
      id: 'r',
      label: 'R',
      code: bigCsv
        ? `${parquetWhy} Needs the arrow package.\nf <- tempfile(fileext = ".parquet")\ndownload.file("${parquet}", f, mode = "wb")\ndf <- arrow::read_parquet(f)\nhead(df)`
        : `df <- read.csv("${csv}", fileEncoding = "UTF-8-BOM")\nhead(df)`,
    },
    {
      id: 'duckdb',
      label: 'DuckDB',
      code: `INSTALL httpfs;\nLOAD httpfs;\nSELECT * FROM read_parquet(${quoteLiteral(parquet)}) LIMIT 10;`,
    },
  ];
}

const bibEscape = (s: string) => s.replace(/[\\{}]/g, '').replace(/([&%$#_])/g, '\\$1');

/** A citation as text and BibTeX, for the latest version. */
export function citation(d: SnapshotDataset, lang: Language, landingUrl: string) {
  const v = d.entry.latestVersion;
  const year = new Date(d.entry.updatedAt).getUTCFullYear();
  const publisher = pick(d.entry.publisher.name, lang);
  const title = pick(d.entry.title, lang);
  const vtext = v ? (lang === 'en' ? ` (version ${v})` : `（第 ${v} 版）`) : '';
  const text =
    lang === 'en'
      ? `${publisher} (${year}). ${title}${vtext} [Data set]. ${landingUrl}`
      : `${publisher}. ${title}${vtext}[数据集]. ${year}. ${landingUrl}`;
  const key = `${d.entry.id.replace(/[^a-z0-9]/g, '')}${year}${v ? `v${v}` : ''}`;
  const bibtex = [
    `@misc{${key},`,
    `  author = {{${bibEscape(publisher)}}},`,
    `  title = {${bibEscape(title)}},`,
    `  year = {${year}},`,
    ...(v ? [`  version = {${v}},`] : []),
    `  howpublished = {\\url{${landingUrl}}},`,
    `  note = {Dataset ${bibEscape(d.entry.id)}, licence ${bibEscape(d.entry.license.id)}}`,
    '}',
  ].join('\n');
  return { text, bibtex };
}
