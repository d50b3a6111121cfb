import { pick, ui } from '../i18n/index.ts';
import { formatDate } from './format.ts';
import type { Language, SnapshotDataset } from './types.ts';

type Withdrawal = NonNullable<SnapshotDataset['versions'][number]['withdrawn']>;

/**
 * "Withdrawn on {at} by {by}: {reason}" in one language. The party is named, never a person: the
 * dataset's publishing department by its name, or the platform (`by: "platform"`, an admin). Any other
 * `by` (a person's id, in records stored before withdrawals named the party; the catalogue API drops
 * those) is not shown.
 */
export function withdrawalText(w: Withdrawal, publisher: SnapshotDataset['entry']['publisher'], lang: Language) {
  const t = ui(lang);
  const at = formatDate(w.at, lang);
  const by =
    w.by === 'platform'
      ? t('thePlatform')
      : w.by !== undefined && w.by === publisher.id
        ? pick(publisher.name, lang)
        : '';
  return by ? t('withdrawnReason', { at, by, reason: w.reason }) : t('withdrawnReasonNoBy', { at, reason: w.reason });
}
