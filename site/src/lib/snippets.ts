import { pick } from '../../../functions/core/manifest/localized.ts';
import { artifactUrl } from './paths.ts';
import type { Language, SnapshotDataset } from './types.ts';

/** Code to fetch the dataset with the real API base. Plain text: the page escapes it. */
export function apiSnippets(d: SnapshotDataset, apiBaseUrl: string) {
  const id = d.entry.id;
  const csv = artifactUrl(apiBaseUrl, id, 'latest', 'data.csv');
  const parquet = artifactUrl(apiBaseUrl, id, 'latest', 'data.parquet');
  const json = artifactUrl(apiBaseUrl, id, 'latest', 'data.json');
  const query = `${apiBaseUrl}/v1/datasets/${encodeURIComponent(id)}/query?$limit=100`;
  return [
    // Single quotes: in double quotes a shell would expand `$limit` to nothing.
    { id: 'curl', label: 'curl', code: `curl -fL -o ${id}.csv '${csv}'\ncurl -f '${query}'` },
    {
      id: 'python',
      label: 'Python (pandas)',
      code: `import pandas as pd\n\ndf = pd.read_csv("${csv}")\n# or: pd.read_parquet("${parquet}")\nprint(df.head())`,
    },
    {
      id: 'js',
      label: 'JavaScript (fetch)',
      code: `const res = await fetch("${json}");\nif (!res.ok) throw new Error(res.statusText);\nconst rows = await res.json();\nconsole.log(rows.length);`,
    },
    // The CSV starts with a UTF-8 BOM (for Excel): "UTF-8-BOM" keeps it out of the first column's name.
    { id: 'r', label: 'R', code: `df <- read.csv("${csv}", fileEncoding = "UTF-8-BOM")\nhead(df)` },
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
