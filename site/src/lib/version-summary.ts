import { FIELD_TYPES, type FieldType } from '../../../functions/core/manifest/vocabulary.ts';
import { fieldTypeLabel, type UiKey, ui } from '../i18n/index.ts';
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

/** A field type a diff records (the manifest's name: `integer`), in words of `lang` ("whole number"). */
export const typeText = (type: string, lang: Language): string =>
  (FIELD_TYPES as readonly string[]).includes(type) ? fieldTypeLabel(type as FieldType, lang) : type;

/**
 * That the fields a version added are in every one of its rows, the rows kept from the version before
 * included (null when it added none). The diff's "rows changed" compares only the fields both versions
 * have, so a column filled in for every existing row leaves it at 0: this says what did change. The
 * rows kept are the version's rows less those the diff counts as added (known when both versions have a
 * primary key).
 */
export function fieldsAddedEveryRow(v: Version, lang: Language): string | null {
  const d = v.diff;
  if (!d || d.fieldsAdded.length === 0) return null;
  const t = ui(lang);
  const n = (x: number) => formatNumber(x, lang);
  const kept = d.rowsAdded === null ? 0 : v.rowCount - d.rowsAdded;
  return kept > 0
    ? t('fieldsAddedEveryRow', { rows: n(v.rowCount), kept: n(kept), v: d.fromVersion }, d.fieldsAdded.length)
    : t('fieldsAddedEveryRowOnly', { rows: n(v.rowCount) }, d.fieldsAdded.length);
}

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
      d.fieldsAdded.length ? item('fieldsAdded', d.fieldsAdded.join(t('listSep'))) : null,
      d.fieldsRemoved.length ? item('fieldsRemoved', d.fieldsRemoved.join(t('listSep'))) : null,
      d.fieldsRetyped.length
        ? item(
            'fieldsRetyped',
            d.fieldsRetyped
              .map(
                (f) => `${f.name}${t('parenthesized', { x: `${typeText(f.from, lang)} → ${typeText(f.to, lang)}` })}`,
              )
              .join(t('listSep')),
          )
        : null,
      d.primaryKeyChanged ? item('primaryKeyChanged') : null,
      // Zero counts say nothing new: left out (the dataset page lists them).
      d.rowsAdded ? item('rowsAdded', n(d.rowsAdded)) : null,
      d.rowsRemoved ? item('rowsRemoved', n(d.rowsRemoved)) : null,
      d.rowsChanged
        ? item(d.fieldsAdded.length || d.fieldsRetyped.length ? 'rowsChangedShared' : 'rowsChanged', n(d.rowsChanged))
        : null,
    ].filter((x): x is string => x !== null);
    if (changes.length) sentences.push(`${t('changes', { v: d.fromVersion })}${p.changes}${changes.join(p.list)}`);
    const everyRow = fieldsAddedEveryRow(v, lang);
    if (everyRow) sentences.push(everyRow);
    if (d.breaking || v.breaking)
      sentences.push(`${t('breaking')}${d.breakingNote ? `${p.colon}${d.breakingNote}` : ''}`);
  } else if (v.breaking) sentences.push(t('breaking'));
  else if (v.version === 1) sentences.push(t('firstVersion'));
  // Each sentence ends with one full stop of the language, whatever the publisher's text ended with.
  return sentences.map((s) => `${s.trim().replace(/[.。!！?？]+$/u, '')}${p.stop}`).join(p.gap);
}
