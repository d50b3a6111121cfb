/**
 * The ways people actually write mobile and resident ID numbers in Chinese free text: 3-4-4 and 6-8-4
 * groups, country codes (+86, 0086, (+86)), full-width digits. Each is found; the near misses that
 * keep false positives down (dates, landlines, invalid prefixes, wrong check characters, groups at
 * other positions, longer runs) are not. The RE2 stages (candidateCheck, rowFilter) are checked
 * against what validate accepts, since the SQL scan relies on them never dropping a real hit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numeralsAsDigits, readable } from '../../../functions/core/protection/detectors/detector.ts';
import { DETECTORS, maskExample, scanText } from '../../../functions/core/protection/detectors/index.ts';
import { findMobileNumbers, isMobileCn } from '../../../functions/core/protection/detectors/mobile-cn.ts';
import { findResidentIds, residentIdCheckChar } from '../../../functions/core/protection/detectors/resident-id.ts';
import { scanTextCell } from '../../../functions/core/protection/number-scan.ts';
import { piiRowFilter } from '../../../functions/core/protection/pii-scan-sql.ts';
import { MOBILE_WRITTEN_FORMS } from '../../support/written-forms.ts';
import { makeCard, makeMobile, makeResidentId } from './generators.ts';

const RUNS = 200;

/** ASCII digits written in Arabic-Indic digits (U+0660-U+0669). */
const arabicIndic = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x0630));

/** ASCII digits written in Mathematical Alphanumeric digits (bold U+1D7CE, monospace U+1D7F6: astral). */
const mathDigits = (s: string, zero = 0x1d7ce) => s.replace(/[0-9]/g, (c) => String.fromCodePoint(zero + Number(c)));

/** ASCII digits written in Chinese numerals (〇 or 零 for 0, 幺 or 一 for 1), as people write numbers out. */
const chinese = (s: string, zero = '〇', one = '一') =>
  s.replace(/[0-9]/g, (c) => [zero, one, ...'二三四五六七八九'][Number(c)] as string);

/** ASCII digits (and X) written full-width, as a Chinese input method types them. */
const fullWidth = (s: string) => s.replace(/[0-9Xx]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const mobileForms = (m: string) => {
  const [a, b, c] = [m.slice(0, 3), m.slice(3, 7), m.slice(7)];
  return [
    `${a}-${b}-${c}`,
    `${a} ${b} ${c}`,
    `+86-${a}-${b}-${c}`,
    `+86 ${a} ${b} ${c}`,
    `+86 ${a}-${b}-${c}`,
    `0086 ${a} ${b} ${c}`,
    `(+86)${m}`,
    `(+86) ${a}-${b}-${c}`,
    `(86)${m}`,
    `0086${m}`,
    `0086-${m}`,
    fullWidth(m),
    `+86${fullWidth(m)}`,
    fullWidth(`${a} ${b} ${c}`),
    `${a}.${b}.${c}`,
    `${a}-${b}${c}`,
    `${a} ${b}${c}`,
    `+86 ${a} ${b}${c}`,
    // Look-alike separators and digits, and invisible characters, as pasted from web pages and Word.
    `${a}\u3000${b}\u3000${c}`,
    `${a}\u00A0${b}\u00A0${c}`,
    `${a}\u2013${b}\u2013${c}`,
    `+86\u2014${a}\u2014${b}\u2014${c}`,
    `${a}\u200B${b}\u200B${c}`,
    `${m.slice(0, 5)}\u00AD${m.slice(5)}`,
    `${a}\u2066${b}${c}`,
    `${m.slice(0, 2)}\u2060${m.slice(2, 9)}\uFEFF${m.slice(9)}`,
    arabicIndic(m),
    // A full-width hyphen or full stop between ASCII digit groups (a Chinese input method's punctuation).
    `${a}－${b}－${c}`,
    `${a}．${b}．${c}`,
    // Astral digits (bold, monospace, segmented), alone or mixed with ASCII digits.
    mathDigits(m),
    mathDigits(`${a} ${b} ${c}`, 0x1d7f6),
    `${a}${mathDigits(b, 0x1fbf0)}${c}`,
    `+86 ${mathDigits(a, 0x1d7d8)}-${b}-${c}`,
    // Written out in Chinese numerals, as a number is read aloud (幺 for 1, 零 for 0), or partly.
    chinese(m),
    chinese(m, '零', '幺'),
    chinese(`${a} ${b} ${c}`),
    chinese(`${a}-${b}-${c}`, '零'),
    `${a}${chinese(b)}${c}`,
    `+86 ${chinese(m)}`,
    chinese(`86${m}`),
    `${chinese(a)}\u3000${chinese(b)}\u3000${chinese(c)}`,
    `${chinese(a)}\u200B${chinese(b + c)}`,
    `${chinese(a)}－${fullWidth(b)}－${c}`,
    // Separators mixed, doubled or padded, tabs and colons, and the first group in brackets like an area code.
    `${a} ${b}-${c}`,
    `${a}.${b} ${c}`,
    `${a} - ${b} - ${c}`,
    `${a}  ${b}  ${c}`,
    `${a}\t${b}\t${c}`,
    `${a}:${b}:${c}`,
    `${a}/${b}_${c}`,
    `${a} -${b}${c}`,
    `(${a}) ${b} ${c}`,
    `(${a})${b}-${c}`,
    `(${a}) ${b}${c}`,
    `+86 (${a}) ${b} ${c}`,
    `+86(${a})${b} ${c}`,
    `（${a}）${b} ${c}`,
    `${a}：${b}－ ${c}`,
    `${a}\u2013${b} ${c}`,
    `${a}\u3000\u3000${b} ${c}`,
    `${a} \u200B- ${b} ${c}`,
    chinese(`${a} - ${b} ${c}`),
    `(${chinese(a)}) ${b} ${c}`,
  ];
};

const idForms = (id: string) => {
  const [a, b, c] = [id.slice(0, 6), id.slice(6, 14), id.slice(14)];
  return [
    `${a} ${b} ${c}`,
    `${a}-${b}-${c}`,
    fullWidth(id),
    fullWidth(`${a} ${b} ${c}`),
    `${a}\u3000${b}\u3000${c}`,
    `${a}\u2012${b}\u2012${c}`,
    `${id.slice(0, 9)}\u200C${id.slice(9)}`,
    `${a}\u200D${b}${c}`,
    `${a}－${b}－${c}`,
    mathDigits(id),
    `${mathDigits(a, 0x1d7e2)} ${b} ${c}`,
    chinese(id),
    chinese(`${a} ${b} ${c}`, '零'),
    `${a}${chinese(b)}${c}`,
    // Region and birth date set apart by runs of separators, tabs, colons or brackets.
    `${a}  ${b}  ${c}`,
    `${a} - ${b} - ${c}`,
    `${a}\t${b}\t${c}`,
    `${a}:${b}:${c}`,
    `${a}：${b}：${c}`,
    `(${a}) ${b} ${c}`,
    `（${a}）${b}-${c}`,
    `${a}\u3000 ${b} -${c}`,
    `${a}  ${b}${c}`,
    chinese(`${a} - ${b} - ${c}`),
  ];
};

/** A resident ID whose check character is X (upper or lower case as given). */
function idEndingInX(): string {
  for (;;) {
    const id = makeResidentId();
    for (let seq = 0; seq < 1000; seq++) {
      const first17 = id.slice(0, 14) + String(seq).padStart(3, '0');
      if (residentIdCheckChar(first17) === 'X') return `${first17}X`;
    }
  }
}

/**
 * `written` inside `text` is found once by `find` (its value as the detectors read it: look-alikes and
 * Chinese numerals as ASCII, invisible characters removed; its offsets on the text as written) and by the whole scan as
 * `detector` only.
 */
function expectFoundAsWritten(
  text: string,
  written: string,
  find: (t: string) => ReadonlyArray<{ value: string; start: number; end: number }>,
  detector: string,
): void {
  const hits = find(text);
  expect(
    hits.map((h) => h.value),
    written,
  ).toEqual([numeralsAsDigits(readable(written).text)]);
  expect(text.slice(hits[0]!.start, hits[0]!.end)).toBe(written);
  expect(
    scanText(text).map((h) => h.detector),
    written,
  ).toEqual([detector]);
}

describe('mobile numbers as people write them', () => {
  it('finds 3-4-4 groups, country codes and full-width digits, with offsets into the text', () => {
    for (let i = 0; i < RUNS; i++) {
      const m = makeMobile();
      for (const written of mobileForms(m)) {
        expectFoundAsWritten(`电话：${written}，谢谢`, written, findMobileNumbers, 'mobile-cn');
      }
    }
  });

  it("finds the tester's cells", () => {
    for (const cell of [...MOBILE_WRITTEN_FORMS, '0086 13812345678']) {
      expect(findMobileNumbers(cell), cell).toHaveLength(1);
    }
  });

  it('finds several grouped numbers in a row, separated by spaces or punctuation', () => {
    expect(findMobileNumbers('138 1234 5678 139 1234 5678').map((h) => h.value)).toEqual([
      '138 1234 5678',
      '139 1234 5678',
    ]);
    expect(findMobileNumbers('13812345678 13912345678、186-0000-1111').map((h) => h.start)).toEqual([0, 12, 24]);
  });

  it('does not flag dates, landlines, invalid prefixes, other groupings or longer numbers', () => {
    for (const text of [
      '日期 2024-01-31，时间 2024-01-31 10:30:00', // a date
      '编号 123-4567-8901', // 3-4-4 but 12x is not a mobile prefix
      '座机 010-1234-5678，021 1234 5678', // landlines with an area code
      '9138-1234-5678', // more digits glued to the first group
      '138-1234-56789', // and to the last
      '13-8123-45678 1381-234-5678 13812-34-5678', // groups at other positions
      '1 38 1234 5678', // a digit short in the first group
      '86138 1234 5678', // a country code glued to the first group
      '+86 123 4567 8901', // invalid prefix after a country code
      '交易流水 2023１３８１２３４５６７８0', // a longer digit run, partly full-width (not Luhn-valid)
      '0008613812345678', // 00 + 086…: not the 0086 country code
      '138    1234    5678，138 1234\t\t\t\t5678', // runs of four separators end the number
      '139.1234 1234.5678，961.147 2447.8614，147 8008.0831', // decimal numbers in a list
      '(010) 6552 9988，(0571) 8888-1234，(1) 2024 1231', // bracketed area codes and list markers
      '2024.01.31 13.45 12.3456.7890 138.1234.56789', // dotted dates, decimals, other prefixes, glued digits
    ]) {
      expect(
        scanText(text).map((h) => `${h.detector}: ${h.value}`),
        text,
      ).toEqual([]);
    }
    for (const s of [
      '+86138-1234-5678',
      '(+86138)1234-5678',
      '+8613-8123-45678',
      '138    1234 5678',
      '138 1234.5678',
      '(138 1234 5678',
      '138) 1234 5678',
      '(1381) 234 5678',
      '138.12345678',
      '138:12345678',
    ]) {
      expect(isMobileCn(s), s).toBe(false);
    }
    for (const s of ['138-1234 5678', '138 - 1234 - 5678', '(138) 1234 5678', '138.1234 5678', '138\t1234\t5678']) {
      expect(isMobileCn(s), s).toBe(true);
    }
  });
});

describe('resident ID numbers as people write them', () => {
  it('finds 6-8-4 groups and full-width IDs (full-width X too), with offsets into the text', () => {
    const ids = [...Array.from({ length: RUNS }, makeResidentId), idEndingInX(), idEndingInX().toLowerCase()];
    for (const id of ids) {
      for (const written of idForms(id)) {
        expectFoundAsWritten(`身份证号${written}，已核实`, written, findResidentIds, 'resident-id');
      }
    }
  });

  it('finds other separators (/ . _), mixed separators and other groupings, next to other numbers', () => {
    for (let i = 0; i < RUNS; i++) {
      const id = makeResidentId();
      const [a, b, c] = [id.slice(0, 6), id.slice(6, 14), id.slice(14)];
      for (const written of [
        `${a}/${b}/${c}`,
        `${a}.${b}.${c}`,
        `${a}_${b}_${c}`,
        `${a}／${b}／${c}`,
        `${a}＿${fullWidth(b)}＿${c}`,
        `${a} ${b}-${c}`,
        `${id.slice(0, 3)} ${id.slice(3, 6)} ${id.slice(6, 10)} ${id.slice(10, 14)} ${c}`,
        `${id.slice(0, 4)} ${id.slice(4, 12)} ${id.slice(12)}`,
        `${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16)}`,
        [...id].join(' '),
        `${a}/${chinese(b)}/${c}`,
        `${a} / ${b} / ${c}`,
        `${a}__${b}\t${c}`,
        `${a}:${b} ${c}`,
      ]) {
        expectFoundAsWritten(`身份证号${written}，已核实`, written, findResidentIds, 'resident-id');
      }
      // Beside other numbers in the same run of groups: the ID is the hit, not the run.
      for (const [text, at] of [
        [`3 ${id}`, 2],
        [`12.5 ${a} ${b} ${c}`, 5],
        [`2024/01/15 ${a}/${b}/${c}`, 11],
        [`① ${id}`, 2],
        [`2024/01/15  ${a}  ${b}  ${c}`, 12],
        [`10:30:00 ${a}:${b}:${c}`, 9],
      ] as const) {
        const hits = findResidentIds(text);
        expect(
          hits.map((h) => [h.value.replace(/[^0-9Xx]/g, ''), h.start]),
          text,
        ).toEqual([[id, at]]);
      }
    }
  });

  it('does not flag a wrong check character, glued digits, a 15-digit decimal fraction, dates or versions', () => {
    for (let i = 0; i < RUNS; i++) {
      const id = makeResidentId();
      const wrong = id.slice(0, 17) + '0123456789X'[('0123456789X'.indexOf(id[17]!) + 1 + (i % 10)) % 11];
      const [a, b, c] = [id.slice(0, 6), id.slice(6, 14), id.slice(14)];
      for (const text of [
        `${wrong.slice(0, 6)} ${wrong.slice(6, 14)} ${wrong.slice(14)}`,
        `${wrong.slice(0, 6)}/${wrong.slice(6, 14)}.${wrong.slice(14)}`,
        fullWidth(wrong),
        `9${a} ${b} ${c}`,
        `${a} ${b} ${c}9`,
        `${a}    ${b} ${c}`, // a run of four separators ends the number
        `${a}, ${b}, ${c}`,
        `${wrong.slice(0, 6)} - ${wrong.slice(6, 14)} - ${wrong.slice(14)}`,
        `${wrong.slice(0, 6)}\t${wrong.slice(6, 14)}\t${wrong.slice(14)}`,
        // Gaps other than single separators only after the region and the birth date.
        `${a}:${b.slice(0, 4)}:${b.slice(4)}:${c}`,
        `${id.slice(0, 3)}  ${id.slice(3, 6)}  ${b}  ${c}`,
        `${a}\t${b.slice(0, 4)} ${b.slice(4)}\t${c}`,
      ]) {
        expect(findResidentIds(text), text).toEqual([]);
      }
    }
    const legacy = '110105491231002';
    expect(findResidentIds(`编号 ${legacy}`).map((h) => h.value)).toEqual([legacy]);
    for (const text of [
      `39.${legacy}`, // a coordinate's fraction, not a legacy ID
      '2024/01/15 2024/02/15 2024/03/15 2024/04/15',
      '2024-05-06 10:30:00，2024.05.06，2024_05_06',
      'v1.2.3.4.5.6.7.8.9.10.11.12.13',
      '116.397128 39.916527 116.397129 39.916528',
      '金额 1234567.89 元，12 345 678.90',
      '3.14159265358979 2.71828182845904',
    ]) {
      expect(
        scanText(text).map((h) => `${h.detector}: ${h.value}`),
        text,
      ).toEqual([]);
    }
  });
});

describe('gaps of several separators in ordinary figures', () => {
  const personal = (text: string) =>
    scanText(text)
      .filter((h) => h.detector === 'mobile-cn' || h.detector === 'resident-id')
      .map((h) => `${h.detector}: ${h.value}`);
  const pad2 = (n: number) => String(n).padStart(2, '0');
  const date = fc.date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  });
  // Runs of one to three separators, as fixed-width exports, tab-separated pastes and typists lay figures out.
  const anyGap = fc.constantFrom(' ', '  ', '   ', '\t', '\t\t', ' \t', '-', ' - ', '/', ' / ', ':', ' : ', '_');
  // Gaps no ID spans with its groups at other positions than 6-8-4 (more than one separator, a tab or a colon).
  const wideGap = fc.constantFrom('  ', '   ', '\t', '\t\t', ' \t', ' - ', ' / ', ' : ', ':');
  const list = <T extends string>(item: fc.Arbitrary<T>, gap: fc.Arbitrary<string>) =>
    fc.tuple(fc.array(item, { minLength: 2, maxLength: 8 }), gap).map(([xs, g]) => xs.join(g));
  // "2024 01 31 08 30", its parts set apart by any gaps.
  const spacedDate = fc
    .tuple(date, fc.array(anyGap, { minLength: 4, maxLength: 4 }))
    .map(([d, g]) =>
      [
        d.getUTCFullYear(),
        pad2(d.getUTCMonth() + 1),
        pad2(d.getUTCDate()),
        pad2(d.getUTCHours()),
        pad2(d.getUTCMinutes()),
      ]
        .map((p, i) => (i === 0 ? `${p}` : `${g[i - 1]}${p}`))
        .join(''),
    );
  const dateTime = date.map((d) => d.toISOString().slice(0, 19).replace('T', ' '));
  const time = dateTime.map((t) => t.slice(11));
  const coordinate = fc
    .tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.integer({ min: 4, max: 6 }))
    .map(([x, d]) => x.toFixed(d));

  it('reads no mobile or ID number in dates, times, date-times or coordinates laid out with any gaps', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          spacedDate,
          list(spacedDate, wideGap),
          list(dateTime, anyGap),
          list(time, anyGap),
          list(fc.constantFrom('2024-01-31', '2024/02/15', '2024.03.01', '2024_12_31'), anyGap),
          list(coordinate, wideGap),
        ),
        (text) => {
          expect(personal(text), text).toEqual([]);
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });

  it('reads no number in tables of figures, fixed-width or tab-separated', () => {
    for (const text of [
      '2024 01 31 08 30',
      '2024  01  31  08  30',
      '2024\t01\t31\t08\t30',
      '年份  人口(万人)  面积(km²)  GDP(亿元)\n2021  2188.6  16410.54  40269.6\n2022  2184.3  16410.54  41610.9',
      '序号\t数量\t金额\t比例\n1\t12\t3456.78\t0.35\n2\t345\t12.50\t1.2\n3\t6789\t100.00\t98.45',
      '站点   经度        纬度\nA     116.3971    39.9165\nB     121.4737    31.2304\nC     139.6917    35.6895',
      '10:30:00  11:45:00  13:15:30   14:00:00',
      '2030-02-11 11:11:37 2023-01-17 09:01:47 2017-07-01 13:38:33', // an ID's digits across times and dates
      '2024-01-31  2024-02-15  2024-03-01  2024-04-15',
      '0.1747\t7.6138\t13.9\t8200.15\t961.147\t2447.8614\t8008.0831', // decimals: parts of them are 3-4-4
      '(1) 2024  (2) 1231  (3) 0815',
    ]) {
      expect(personal(text), text).toEqual([]);
    }
  });
});

describe('Chinese numerals and astral digits', () => {
  it('reads a number written out in numerals as its digits, with offsets into the text', () => {
    const text = '联系人电话：一三八一二三四五六七八，谢谢';
    const [hit] = findMobileNumbers(text);
    expect(hit).toMatchObject({ value: '13812345678' });
    expect(text.slice(hit!.start, hit!.end)).toBe('一三八一二三四五六七八');
    // An astral digit is two UTF-16 units in the text and one digit as read.
    const bold = `TEL ${mathDigits('13812345678')} end`;
    const [b] = findMobileNumbers(bold);
    expect(b).toMatchObject({ value: '13812345678', start: 4, end: 26 });
  });

  it('does not read ordinary text as a number, nor 两 as a digit', () => {
    for (const text of [
      '一二三',
      '第一二三四五六七八九十条',
      '二〇二四年一〇月一日，一九四九年',
      '三四个人，五六七八次，一一对应',
      '一一一一一一一一一一一', // 11 ones: 11 is not a mobile prefix
      '编号一二三四五六七八九〇一', // 12x is not a mobile prefix
      '一三八两二三四五六七八', // 两 is not read as a digit
      '一三八一二三四五六七', // ten numerals
      '一三八一二三四五六七八九', // twelve: part of a longer number
      '人民币壹万贰仟元整，壹拾叁万捌仟壹佰贰拾叁元肆角伍分', // financial numerals between place values: amounts
      '贰零贰肆年', // a year in financial numerals
      '中国大陆，队伍', // 陆 (land) and 伍 (ranks) are numerals, alone
      '\u{1D7CF}\u{1D7D1}\u{1D7D6}', // three bold digits
    ]) {
      expect(
        scanText(text).map((h) => `${h.detector}: ${h.value}`),
        text,
      ).toEqual([]);
    }
  });

  it('reads financial numerals digit by digit, simplified and traditional', () => {
    const financial = (s: string) => s.replace(/[0-9]/g, (c) => '零壹贰叁肆伍陆柒捌玖'[Number(c)] as string);
    expect(numeralsAsDigits('零壹贰叁肆伍陆柒捌玖貳參叄陸')).toBe('01234567892336');
    const m = makeMobile();
    expectFoundAsWritten(`电话${financial(m)}，谢谢`, financial(m), findMobileNumbers, 'mobile-cn');
    expectFoundAsWritten('電話壹參捌壹貳參肆伍陸柒捌。', '壹參捌壹貳參肆伍陸柒捌', findMobileNumbers, 'mobile-cn');
    let id = makeResidentId();
    while (id.endsWith('X')) id = makeResidentId();
    expectFoundAsWritten(`身份证${financial(id)}。`, financial(id), findResidentIds, 'resident-id');
    // A list of amounts, and words holding a numeral beside a number, are not numbers.
    for (const text of ['壹万贰仟元 叁仟肆佰伍拾陆元', '中国大陆1381234567']) {
      expect(scanText(text), text).toEqual([]);
    }
    expect(findMobileNumbers('中国大陆13812345678').map((h) => h.value)).toEqual(['13812345678']);
  });

  it('reads a two-digit circled, parenthesized or full-stop number as its two digits', () => {
    expect(readable('⑩⑬⑳㉑㊿⒇⒛⓴❿').text).toBe('①⓪①③②⓪②①⑤⓪②⓪②⓪②⓪①⓪');
    const text = '电话⑬⑧①②③④⑤⑥⑦⑧，谢谢';
    const [hit] = findMobileNumbers(text);
    expect(hit).toMatchObject({ value: '13812345678' });
    expect(text.slice(hit!.start, hit!.end)).toBe('⑬⑧①②③④⑤⑥⑦⑧');
    for (const written of ['⑬⑧⑿⑶⑷⑸⑹⑺⑻', '⒔⒏⒓⒊⒋⒌⒍⒎⒏', '138⑫345678', '⓭8⓬345678']) {
      expectFoundAsWritten(`电话：${written}。`, written, findMobileNumbers, 'mobile-cn');
    }
    // A list marker beside a number written in ASCII digits neither hides it nor makes a longer one.
    expect(findMobileNumbers('⑩13812345678 ⑪13912345678').map((h) => h.value)).toEqual(['13812345678', '13912345678']);
  });

  it('reads circled, parenthesized, full-stop, superscript and subscript digits as digits', () => {
    for (const [symbols, digits] of [
      ['⓪①②③④⑤⑥⑦⑧⑨', '0123456789'],
      ['⓿❶❷❸❹❺❻❼❽❾', '0123456789'],
      ['⓵⓶⓷⓸⓹⓺⓻⓼⓽➀➁➂➃➄➅➆➇➈➊➋➌➍➎➏➐➑➒', '123456789'.repeat(3)],
      ['⑴⑵⑶⑷⑸⑹⑺⑻⑼⒈⒉⒊⒋⒌⒍⒎⒏⒐', '123456789'.repeat(2)],
      ['⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉', '0123456789'.repeat(2)],
      ['⑩⑳', '⑩⑳'], // two digits each: read by `readable`
    ]) {
      expect(numeralsAsDigits(symbols!)).toBe(digits);
    }
    // An ID whose check character is a digit (X has no circled or superscript form; replacing it would
    // make the ID invalid, and the test fail one time in eleven).
    let id = makeResidentId();
    while (id.endsWith('X')) id = makeResidentId();
    const circled = id.replace(/[0-9]/g, (c) => '⓪①②③④⑤⑥⑦⑧⑨'[Number(c)] as string);
    const sup = id.replace(/[0-9]/g, (c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)] as string);
    expectFoundAsWritten(`身份证${circled}。`, circled, findResidentIds, 'resident-id');
    expectFoundAsWritten(`身份证${sup}。`, sup, findResidentIds, 'resident-id');
    // A list marker or a unit beside a number neither hides it nor makes one.
    expect(findMobileNumbers('①13812345678 ②13912345678').map((h) => h.value)).toEqual(['13812345678', '13912345678']);
    expect(findResidentIds(`② ${id}`).map((h) => h.value)).toEqual([id]);
    for (const text of ['面积 120m²，体积 3m³', '第①②③条', '⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳', 'H₂O CO₂ 10⁶ 10⁻³', '①②③④⑤⑥⑦⑧⑨⑩']) {
      expect(
        scanText(text).map((h) => `${h.detector}: ${h.value}`),
        text,
      ).toEqual([]);
    }
  });

  it('a numeral glued to a number written in ASCII digits does not hide it, nor is it counted twice', () => {
    expect(findMobileNumbers('请拨打13812345678一次').map((h) => h.value)).toEqual(['13812345678']);
    expect(findMobileNumbers('13812345678 一三九一二三四五六七八').map((h) => h.value)).toEqual([
      '13812345678',
      '13912345678',
    ]);
    expect(findMobileNumbers('1381234567八').map((h) => h.value)).toEqual(['13812345678']);
  });
});

describe('the RE2 stages never drop a hit of these forms', () => {
  const filler = fc.constantFrom(
    '请回电',
    '，',
    ' ',
    '-',
    '金额 1234.56 元',
    '2024-05-06',
    '编号 123-4567-8901',
    '',
    '\t',
    '  ',
    ' - ',
    ':',
    '(',
    ')',
    '（',
    '.',
    '10:30:00',
    '139.1234',
  );
  const pii = fc.oneof(
    fc.constant(null).map(() => fc.sample(fc.constantFrom(...mobileForms(makeMobile())), 1)[0]!),
    fc.constant(null).map(() => fc.sample(fc.constantFrom(...idForms(makeResidentId())), 1)[0]!),
    fc.constant(null).map(() => makeCard()),
    // Other separators and groupings, dotted and 8-8 cards, passports in other cases, digit symbols.
    fc.constant(null).map(() => {
      const id = makeResidentId();
      return `${id.slice(0, 3)}_${id.slice(3, 10)}/${id.slice(10, 14)}.${id.slice(14)}`;
    }),
    fc.constant(null).map(() => `${fullWidth(makeResidentId().slice(0, 6))}／${makeResidentId().slice(6)}`),
    fc.constant(null).map(() => makeCard().replace(/(.{4})(?=.)/g, '$1.')),
    fc.constant(null).map(() => makeCard().replace(/^(.{8})/, '$1 ')),
    fc.constantFrom('e12345678', 'E 1234 5678', 'ea 123 4567', '①③⑧①②③④⑤⑥⑦⑧', '¹³⁸¹²³⁴⁵⁶⁷⁸', '₁₃₈ ₁₂₃₄ ₅₆₇₈'),
    // Financial numerals and two-digit symbols (⑬ is 13), alone or among digits.
    fc.constantFrom(
      '壹叁捌壹贰叁肆伍陆柒捌',
      '壹叁捌 壹贰叁肆 伍陆柒捌',
      '⑬⑧①②③④⑤⑥⑦⑧',
      '⑬⑧⑿⑶⑷⑸⑹⑺⑻',
      '138⑫345678',
      '⑬8 ⑫34 5678',
    ),
    // Whole numbers as a double prints them (a JSON reader's nested numbers): refused as inexact.
    fc.constant(null).map(() => `[${makeResidentId().replace(/X$/, '0')}.0]`),
    fc.constantFrom('1.10105199003071e+17', '6222021234567894123.0'),
  );
  const cellText = fc.array(fc.oneof(pii, filler), { maxLength: 6 }).map((parts) => parts.join(''));

  it('every hit passes its candidateCheck, and the row filter matches the text as published', () => {
    const rowFilter = new RegExp(piiRowFilter(DETECTORS), 'u');
    const checks = new Map(DETECTORS.map((d) => [d.id, new RegExp(`^(?:${d.candidateCheck ?? '.*'})$`)]));
    fc.assert(
      fc.property(cellText, (text) => {
        const hits = scanText(text);
        for (const h of hits) expect(checks.get(h.detector)!.test(h.value), h.value).toBe(true);
        if (scanTextCell(text).length > 0) expect(rowFilter.test(text), text).toBe(true);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('masks at least half of every hit', () => {
    for (const written of [...mobileForms(makeMobile()), ...idForms(makeResidentId())]) {
      const [hit] = scanText(written);
      const shown = maskExample(hit!);
      expect([...shown].filter((ch) => ch === '*').length).toBeGreaterThanOrEqual(hit!.value.length / 2);
    }
  });
});
