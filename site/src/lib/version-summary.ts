import { type UiKey, ui } from '../i18n/index.ts';
import { formatDate, formatNumber } from './format.ts';
import type { Language, SnapshotDataset } from './types.ts';

type Version = SnapshotDataset['versions'][number];

/** Separators and the few phrases the dataset page's labels don't cover, per language. */
const PUNCT = {
  'zh-CN': {
    colon: '：',
    changes: '：',
    item: ' ',
    list: '；',
    stop: '。',
    gap: '',
    label: (s: string) => s,
    rows: (n: string) => `共 ${n} 行`,
    withdrawn: '已撤回',
  },
  en: {
    colon: ': ',
    changes: ' — ',
    item: ': ',
    list: '; ',
    stop: '.',
    gap: ' ',
    label: (s: string) => s.charAt(0).toLowerCase() + s.slice(1),
    rows: (n: string) => `${n} rows`,
    withdrawn: 'Withdrawn',
  },
} as const;

/**
 * What one version is, in one language, from that version's own record: its number and label, when
 * it was published, its row count, what changed from the version before (the same facts as the
 * dataset page's version history) and, if withdrawn, why. Never the dataset's current description:
 * that describes the latest version, not this one.
 */
export function versionSummary(v: Version, lang: Language): string {
  const t = ui(lang);
  const p = PUNCT[lang];
  const n = (x: number) => formatNumber(x, lang);
  const sentences: string[] = [];
  if (v.withdrawn) sentences.push(`${p.withdrawn} ${formatDate(v.withdrawn.at, lang)}${p.colon}${v.withdrawn.reason}`);
  const head = [
    `${t('version')} ${v.version}${v.label ? ` — ${v.label}` : ''}`,
    v.publishedAt ? `${t('published')} ${formatDate(v.publishedAt, lang)}` : null,
    p.rows(n(v.rowCount)),
  ];
  sentences.push(head.filter(Boolean).join(' · '));
  const d = v.diff;
  if (d) {
    const item = (key: UiKey, value?: string) => `${p.label(t(key))}${value === undefined ? '' : `${p.item}${value}`}`;
    const changes = [
      d.fieldsAdded.length ? item('fieldsAdded', d.fieldsAdded.join(', ')) : null,
      d.fieldsRemoved.length ? item('fieldsRemoved', d.fieldsRemoved.join(', ')) : null,
      d.fieldsRetyped.length
        ? item('fieldsRetyped', d.fieldsRetyped.map((f) => `${f.name} (${f.from} → ${f.to})`).join(', '))
        : null,
      d.primaryKeyChanged ? item('primaryKeyChanged') : null,
      // Zero counts say nothing new: left out (the dataset page lists them).
      d.rowsAdded ? item('rowsAdded', n(d.rowsAdded)) : null,
      d.rowsRemoved ? item('rowsRemoved', n(d.rowsRemoved)) : null,
      d.rowsChanged ? item('rowsChanged', n(d.rowsChanged)) : null,
    ].filter((x): x is string => x !== null);
    if (changes.length) sentences.push(`${t('changes', { v: d.fromVersion })}${p.changes}${changes.join(p.list)}`);
    if (d.breaking || v.breaking)
      sentences.push(`${t('breaking')}${d.breakingNote ? `${p.colon}${d.breakingNote}` : ''}`);
  } else if (v.breaking) sentences.push(t('breaking'));
  else if (v.version === 1) sentences.push(t('firstVersion'));
  // Each sentence ends with one full stop of the language, whatever the publisher's text ended with.
  return sentences.map((s) => `${s.trim().replace(/[.。!！?？]+$/u, '')}${p.stop}`).join(p.gap);
}
