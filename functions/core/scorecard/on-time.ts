import type { Frequency } from '../manifest/vocabulary.ts';

/**
 * Is a dataset updated on time against its declared frequency? Pure calendar arithmetic in UTC.
 *
 * The next update is due one period after the last one (months are added on the calendar and clamped
 * to the month's end: 31 January + 1 month = 28 or 29 February; 29 February + 1 year = 28 February),
 * plus a grace period proportional to the period, so a monthly dataset published on the 3rd instead of
 * the 1st is not "late". `irregular` datasets declare no schedule: they are never overdue and are left
 * out of the on-time share.
 */

export interface OnTimeStatus {
  readonly frequency: Frequency;
  /** `on-time`, `overdue`, or `not-applicable` (irregular). */
  readonly status: 'on-time' | 'overdue' | 'not-applicable';
  /** ISO instant the next update is due (without grace); absent for irregular. */
  readonly dueAt?: string;
  /** Whole days past due + grace; 0 when on time. */
  readonly daysOverdue: number;
}

/** Grace after the due date, in days. */
export const GRACE_DAYS: Readonly<Record<Exclude<Frequency, 'irregular'>, number>> = {
  daily: 1,
  weekly: 2,
  monthly: 7,
  quarterly: 14,
  semiannual: 21,
  annual: 30,
};

const DAY_MS = 86_400_000;

/** Adds calendar months in UTC, clamping the day to the target month's last day. */
export function addMonthsClamped(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      targetYear,
      targetMonth,
      Math.min(d.getUTCDate(), lastDay),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
}

/** When the next update is due after `last`; undefined for irregular. */
export function nextDue(frequency: Frequency, last: Date): Date | undefined {
  switch (frequency) {
    case 'daily':
      return new Date(last.getTime() + DAY_MS);
    case 'weekly':
      return new Date(last.getTime() + 7 * DAY_MS);
    case 'monthly':
      return addMonthsClamped(last, 1);
    case 'quarterly':
      return addMonthsClamped(last, 3);
    case 'semiannual':
      return addMonthsClamped(last, 6);
    case 'annual':
      return addMonthsClamped(last, 12);
    case 'irregular':
      return undefined;
  }
}

/** On-time status of a dataset last updated at `lastUpdate` (ISO), evaluated at `now`. */
export function onTimeStatus(frequency: Frequency, lastUpdate: string, now: Date): OnTimeStatus {
  const due = nextDue(frequency, new Date(lastUpdate));
  if (!due || frequency === 'irregular') return { frequency, status: 'not-applicable', daysOverdue: 0 };
  const deadline = due.getTime() + GRACE_DAYS[frequency] * DAY_MS;
  const late = now.getTime() - deadline;
  return {
    frequency,
    status: late > 0 ? 'overdue' : 'on-time',
    dueAt: due.toISOString(),
    daysOverdue: late > 0 ? Math.ceil(late / DAY_MS) : 0,
  };
}

/** Share of scheduled datasets that are on time (0..1); null when no dataset has a schedule. */
export function onTimeShare(statuses: readonly OnTimeStatus[]): number | null {
  const scheduled = statuses.filter((s) => s.status !== 'not-applicable');
  if (scheduled.length === 0) return null;
  return scheduled.filter((s) => s.status === 'on-time').length / scheduled.length;
}
