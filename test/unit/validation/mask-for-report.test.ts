import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../functions/core/validation/mask-for-report.ts';
import {
  buildReport,
  maskForReport,
  mergeReport,
  type ValidationIssue,
  withIssue,
} from '../../../functions/core/validation/report.ts';

describe('maskForReport', () => {
  it('keeps the first and last characters and stars the rest', () => {
    expect(maskForReport('13812345678')).toBe('1*********8');
    expect(maskForReport('ab')).toBe('**');
    expect(maskForReport('')).toBe('');
  });

  it('caps the stars at 16, so a long value does not show its length', () => {
    expect(maskForReport('110101197102150018123')).toBe(`1${'*'.repeat(16)}3`);
    expect(maskForReport('x'.repeat(500))).toHaveLength(18);
  });

  it('never cuts a character outside the BMP in half', () => {
    expect(maskForReport('𠀀张三𠀁')).toBe('𠀀**𠀁');
  });
});

/** A type issue of a public field echoing `value`, as validate-table.ts writes it. */
const typeIssue = (value: string): ValidationIssue => ({
  type: 'cell/type',
  file: 'food.csv',
  row: 4,
  line: 6,
  field: '抽检日期',
  value,
  message: `"${value}" is not a valid date`,
  hint: 'write a date like 2024/03/05',
});

describe('maskPersonalData: personal data echoed by an issue of a public field', () => {
  it.each([
    ['resident-id', '110101199003074514', '110*************14'],
    ['mobile-cn', '张三13900001111', '张三13*******11'],
    ['mobile-cn, grouped', '138-1234-5678', '138********78'],
    ['email', '联系 li.si@example.com', '联系 l***@example.com'],
    ['bank-card', '6222600260001072444', '622**************44'],
    ['passport-cn', 'E12345678', 'E1*****78'],
    ['ipv4', '202.96.128.86', '202********86'],
    ['ipv6', '2001:db8::8a2e:370:7334', '200******************34'],
  ])('masks a %s hit in the value and the message, keeping the rest', (_kind, value, shown) => {
    const out = maskPersonalData(typeIssue(value));
    expect(out).toEqual({ ...typeIssue(value), value: shown, message: `"${shown}" is not a valid date` });
  });

  it('leaves an organisation code, other values and issues without a hit as they are (the same object)', () => {
    for (const value of ['91110000600037341L', '2025年3月7日', 'abc', '1736']) {
      const issue = typeIssue(value);
      expect(maskPersonalData(issue)).toBe(issue);
    }
    const header: ValidationIssue = {
      type: 'header/missing-column',
      field: '电话',
      message: 'missing',
      hint: 'add it',
    };
    expect(maskPersonalData(header)).toBe(header);
  });

  it('masks a hit in a message of an issue without a value, and never changes its input', () => {
    const issue: ValidationIssue = { type: 'row/ragged', row: 2, message: 'line 3: 13900001111,张三', hint: 'fix' };
    expect(maskPersonalData(issue).message).toBe('line 3: 13*******11,张三');
    expect(issue.message).toBe('line 3: 13900001111,张三');
  });

  it('is applied to every issue a report keeps: buildReport, mergeReport and withIssue', () => {
    const raw = typeIssue('13900001111');
    const shown = (r: { issues: readonly ValidationIssue[] }) => r.issues.map((i) => i.value);
    expect(shown(buildReport(5, [raw]))).toEqual(['13*******11']);
    expect(shown(mergeReport(5, [{ issues: [raw], counts: { 'cell/type': 1 } }]))).toEqual(['13*******11']);
    expect(shown(withIssue(buildReport(5, []), raw))).toEqual(['13*******11']);
  });
});
