/**
 * Identifiers written in ways the residual-PII scan reads since the gate's review: financial numerals
 * (壹贰叁), two-digit circled, parenthesized and full-stop numbers (⑬ for 13), and whole numbers a JSON
 * reader holds as doubles inside nested values (`[110105199003071001.0]` becomes `110105199003071000.0`:
 * the last digits are lost, and with them the check digit). Through the real gate (DuckDB) with the
 * detector that refuses each, and amounts written with place values passing.
 */
import { describe, expect, it } from 'vitest';
import { type FieldInput, gate, issuesOf, manifestOf } from '../fixtures/gate/harness.ts';

const FIELDS: FieldInput[] = [
  { name: 'id', type: 'integer' },
  { name: 'note', type: 'string' },
];
/** GB 11643's example with a digit check character, and a mobile number. */
const ID = '110105199003071001';
const MOBILE = '13812345678';
const FINANCIAL = '零壹贰叁肆伍陆柒捌玖';
const financial = (s: string) => s.replace(/[0-9]/g, (c) => FINANCIAL[Number(c)] as string);

async function refusedBy(cells: readonly string[]): Promise<string[]> {
  const csv = `id,note\n${cells.map((c, i) => `${i + 1},"${c}"`).join('\n')}\n`;
  const r = await gate(manifestOf(FIELDS), { 'data.csv': csv });
  return issuesOf(r, 'pii/residual').map((i) => i.hint.match(/detector "([^"]+)"/)?.[1] ?? i.message);
}

describe('numbers written out in financial numerals', () => {
  it('refuses a mobile number, a resident ID and a card written digit by digit in 大写 numerals', async () => {
    expect(await refusedBy([`电话${financial(MOBILE)}`])).toEqual(['mobile-cn']);
    expect(await refusedBy([`身份证 ${financial(ID)}`])).toEqual(['resident-id']);
    expect(await refusedBy([`卡号 ${financial('6222021234567894')}`])).toEqual(['bank-card']);
    // Traditional forms, and mixed with digits.
    expect(await refusedBy(['電話壹參捌壹貳參肆伍陸柒捌'])).toEqual(['mobile-cn']);
    expect(await refusedBy([`138${financial('12345678')}`])).toEqual(['mobile-cn']);
  });

  it('publishes amounts written with place values, and ordinary words holding a numeral', async () => {
    expect(
      await refusedBy([
        '人民币壹万贰仟元整',
        '壹拾叁万捌仟壹佰贰拾叁元肆角伍分',
        '金额：贰佰零伍万叁仟陆佰柒拾捌元',
        '中国大陆 队伍 放肆',
        '壹贰叁肆伍', // five numerals: too short for any identifier
      ]),
    ).toEqual([]);
  });
});

describe('two-digit circled, parenthesized and full-stop numbers', () => {
  it('reads ⑬ as 13: refuses identifiers written with ⑩-⑳, ⑽-⒇, ⒑-⒛ and the like', async () => {
    expect(await refusedBy(['⑬⑧①②③④⑤⑥⑦⑧'])).toEqual(['mobile-cn']);
    expect(await refusedBy(['⑬⑧⑿⑶⑷⑸⑹⑺⑻'])).toEqual(['mobile-cn']);
    expect(await refusedBy(['⒔⒏⒓⒊⒋⒌⒍⒎⒏'])).toEqual(['mobile-cn']);
    expect(await refusedBy(['⑪⓪①⓪⑤⑲⑨⓪⓪③⓪⑦⑩⓪①'])).toEqual(['resident-id']);
    expect(await refusedBy(['138⑫345678'])).toEqual(['mobile-cn']);
  });

  it('publishes list markers beside numbers and runs of markers', async () => {
    expect(await refusedBy(['⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳', '第⑩条 第⑪条', '⑩13812345678', '⑳ 2024-01-15'])).toEqual(['mobile-cn']);
    expect(await refusedBy(['⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳', '第⑩条 第⑪条', '⑳ 2024-01-15'])).toEqual([]);
  });
});

describe('identifiers inside JSON values', () => {
  const json = async (format: 'json' | 'ndjson', rows: readonly string[]) => {
    const m = manifestOf(FIELDS, { source: { files: [{ path: `d.${format}` }], format } });
    const body = format === 'ndjson' ? `${rows.join('\n')}\n` : `[${rows.join(',')}]`;
    const r = await gate(m, { [`d.${format}`]: body });
    // An inexact number has no exception to declare: its hint says how to write the source instead.
    return issuesOf(r, 'pii/residual').map(
      (i) => i.hint.match(/detector "([^"]+)"/)?.[1] ?? (/as JSON strings/.test(i.hint) ? 'inexact-number' : i.hint),
    );
  };

  for (const format of ['json', 'ndjson'] as const) {
    it(`refuses an ID in a nested array or object of a string field (${format}), however written`, async () => {
      // Strings and integers keep their digits.
      expect(await json(format, [`{"id":1,"note":["a","${ID}"]}`])).toEqual(['resident-id']);
      expect(await json(format, [`{"id":1,"note":{"who":{"id":${ID}}}}`])).toEqual(['resident-id']);
      // A number written with a fraction or an exponent is held as a double: 110105199003071000.0.
      expect(await json(format, [`{"id":1,"note":[${ID}.0]}`])).toEqual(['resident-id']);
      expect(await json(format, [`{"id":1,"note":{"a":1.10105199003071001e17}}`])).toEqual(['resident-id']);
      expect(await json(format, [`{"id":1,"note":${ID}.0}`])).toEqual(['resident-id']);
      expect(await json(format, [`{"id":1,"note":[6222021234567894123.0]}`])).toEqual(['inexact-number']);
    });
  }

  it('publishes ordinary nested numbers', async () => {
    expect(await json('ndjson', ['{"id":1,"note":{"amount":1234.5,"big":12345678901234.0,"ids":[1,2,3]}}'])).toEqual(
      [],
    );
  });
});
