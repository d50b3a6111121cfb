import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  GRACE_DAYS,
  nextDue,
  onTimeShare,
  onTimeStatus,
} from '../../../functions/core/scorecard/on-time.ts';

const d = (s: string) => new Date(s);
const iso = (s: string) => new Date(s).toISOString();

describe('next due date per declared frequency', () => {
  it.each([
    ['daily', '2026-03-10T08:00:00Z', '2026-03-11T08:00:00Z'],
    ['daily', '2024-02-28T12:00:00Z', '2024-02-29T12:00:00Z'],
    ['daily', '2026-12-31T23:30:00Z', '2027-01-01T23:30:00Z'],
    ['weekly', '2026-02-25T00:00:00Z', '2026-03-04T00:00:00Z'],
    ['weekly', '2024-02-26T00:00:00Z', '2024-03-04T00:00:00Z'],
    ['monthly', '2026-01-15T00:00:00Z', '2026-02-15T00:00:00Z'],
    ['monthly', '2026-01-31T00:00:00Z', '2026-02-28T00:00:00Z'],
    ['monthly', '2024-01-31T00:00:00Z', '2024-02-29T00:00:00Z'],
    ['monthly', '2026-03-31T00:00:00Z', '2026-04-30T00:00:00Z'],
    ['monthly', '2026-12-31T00:00:00Z', '2027-01-31T00:00:00Z'],
    ['quarterly', '2026-11-30T00:00:00Z', '2027-02-28T00:00:00Z'],
    ['quarterly', '2023-11-30T00:00:00Z', '2024-02-29T00:00:00Z'],
    ['quarterly', '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z'],
    ['semiannual', '2026-08-31T00:00:00Z', '2027-02-28T00:00:00Z'],
    ['semiannual', '2023-08-31T00:00:00Z', '2024-02-29T00:00:00Z'],
    ['annual', '2024-02-29T00:00:00Z', '2025-02-28T00:00:00Z'],
    ['annual', '2027-02-28T00:00:00Z', '2028-02-28T00:00:00Z'],
    ['annual', '2026-06-30T00:00:00Z', '2027-06-30T00:00:00Z'],
  ] as const)('%s after %s is %s', (f, last, due) => {
    expect(nextDue(f, d(last))?.toISOString()).toBe(iso(due));
  });

  it('irregular has no due date', () => {
    expect(nextDue('irregular', d('2020-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('clamps month ends both ways and keeps the time of day', () => {
    expect(addMonthsClamped(d('2024-03-31T10:20:30.400Z'), -1).toISOString()).toBe('2024-02-29T10:20:30.400Z');
    expect(addMonthsClamped(d('2026-05-31T00:00:00Z'), 1).toISOString()).toBe('2026-06-30T00:00:00.000Z');
    expect(addMonthsClamped(d('2100-01-31T00:00:00Z'), 1).toISOString()).toBe('2100-02-28T00:00:00.000Z');
    expect(addMonthsClamped(d('2000-01-31T00:00:00Z'), 1).toISOString()).toBe('2000-02-29T00:00:00.000Z');
  });
});

describe('on-time status with grace', () => {
  const cases = [
    ['daily', '2026-03-10T00:00:00Z'],
    ['weekly', '2026-03-10T00:00:00Z'],
    ['monthly', '2026-01-31T00:00:00Z'],
    ['quarterly', '2023-11-30T00:00:00Z'],
    ['semiannual', '2026-08-31T00:00:00Z'],
    ['annual', '2024-02-29T00:00:00Z'],
  ] as const;
  it.each(cases)('%s: on time up to due + grace, overdue one ms later', (f, last) => {
    const due = nextDue(f, d(last)) as Date;
    const deadline = due.getTime() + GRACE_DAYS[f] * 86_400_000;
    expect(onTimeStatus(f, last, new Date(deadline))).toMatchObject({
      status: 'on-time',
      daysOverdue: 0,
      dueAt: due.toISOString(),
    });
    expect(onTimeStatus(f, last, new Date(deadline + 1))).toMatchObject({ status: 'overdue', daysOverdue: 1 });
    expect(onTimeStatus(f, last, new Date(deadline + 10 * 86_400_000))).toMatchObject({
      status: 'overdue',
      daysOverdue: 10,
    });
    expect(onTimeStatus(f, last, d(last)).status).toBe('on-time');
  });

  it('a monthly dataset last updated 31 January 2024 is due 29 February (leap year), late after 7 March', () => {
    expect(onTimeStatus('monthly', '2024-01-31T00:00:00Z', d('2024-03-07T00:00:00Z')).status).toBe('on-time');
    expect(onTimeStatus('monthly', '2024-01-31T00:00:00Z', d('2024-03-07T00:00:01Z')).status).toBe('overdue');
    // Non-leap year: due 28 February, late after 7 March too (28 + 7 days = 7 March).
    expect(onTimeStatus('monthly', '2025-01-31T00:00:00Z', d('2025-03-07T00:00:01Z')).status).toBe('overdue');
    expect(onTimeStatus('monthly', '2025-01-31T00:00:00Z', d('2025-03-07T00:00:00Z')).status).toBe('on-time');
  });

  it('irregular datasets are never overdue and stay out of the share', () => {
    expect(onTimeStatus('irregular', '2000-01-01T00:00:00Z', d('2026-01-01T00:00:00Z'))).toEqual({
      frequency: 'irregular',
      status: 'not-applicable',
      daysOverdue: 0,
    });
    const now = d('2026-06-01T00:00:00Z');
    expect(
      onTimeShare([
        onTimeStatus('irregular', '2000-01-01T00:00:00Z', now),
        onTimeStatus('daily', '2026-05-31T12:00:00Z', now),
        onTimeStatus('annual', '2020-01-01T00:00:00Z', now),
      ]),
    ).toBe(0.5);
    expect(onTimeShare([onTimeStatus('irregular', '2000-01-01T00:00:00Z', now)])).toBeNull();
  });
});
