/**
 * Grouped, country-coded and full-width mobile and resident ID numbers through the SQL scan in a real
 * DuckDB (row filter, translate, prefilter, candidate check, as the gate runs them) and through
 * `opendata validate` / `preview`: found with masked examples, near misses not found, and the
 * published values left exactly as written (full-width digits are read as ASCII for the scan only).
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../functions/cli/main.ts';
import type { DatasetManifestInput } from '../../functions/core/manifest/schema.ts';
import { DETECTORS } from '../../functions/core/protection/detectors/index.ts';
import {
  confirmCandidates,
  type PiiCandidateRow,
  piiRowFilter,
  piiScanSql,
} from '../../functions/core/protection/pii-scan-sql.ts';
import { quoteLiteral } from '../../functions/core/sql/quote.ts';
import type { ValidationReport } from '../../functions/core/validation/report.ts';
import { manifestInputOf } from '../fixtures/gate/harness.ts';
import { expectedHits } from '../support/pii-expectation.ts';
import { MOBILE_WRITTEN_FORMS } from '../support/written-forms.ts';
import { makeCard, makeMobile, makeResidentId } from '../unit/protection/generators.ts';

const MOBILE_CELLS = MOBILE_WRITTEN_FORMS;
// GB 11643's own example, 11010519491231002X, as people write it.
const ID_CELLS = [
  '身份证 110105 19491231 002X',
  '身份证110105-19491231-002X',
  '身份证１１０１０５１９４９１２３１００２Ｘ',
  '身份证 １１０１０５ １９４９１２３１ ００２ｘ',
  // Region and birth date set apart by runs of separators, colons or brackets.
  '身份证 110105 - 19491231 - 002X',
  '身份证110105  19491231  002X',
  '身份证 110105:19491231:002X',
  '身份证（110105）19491231 002X',
];
// E-mail addresses typed with a Chinese input method (full-width letters, ＠ and ．).
const EMAIL_CELLS = ['联系 ｌｉｓｉ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'lisi＠example.com', 'ｌｉｓｉ@example.com'];
const NEAR_MISSES = [
  '日期 2024-01-31',
  '编号 123-4567-8901',
  '座机 010-1234-5678',
  '身份证 110105 19491231 0021', // wrong check character
  '流水号 2023138123456780',
  '9138-1234-5678',
  '１２３ ４５６７ ８９０１',
  '时间 10:30:00  11:45:00  13:15:30',
  '2024  01  31  08  30',
  '139.1234 1234.5678',
  '(010) 6552 9988',
  '110105    19491231    002X',
  '138    1234    5678',
];

let root: string;
let conn: DuckDBConnection;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pii-forms-'));
  for (const f of ['publishers.yaml', 'licenses.yaml']) await copyFile(join('datasets', f), join(root, f));
  await writeFile(join(root, 'pseudonym.key'), '5e'.repeat(32));
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(async () => {
  conn?.closeSync();
  await rm(root, { recursive: true, force: true });
});

describe('the SQL scan reads these forms as scanText does', () => {
  const fullWidth = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  // Digits as typed (ASCII, full-width), as "fancy text" pastes them (astral bold or monospace), or written
  // out in Chinese numerals (〇 or 零, 一 or 幺); some digits only, or every one.
  const digitForms: Record<string, (d: number) => string> = {
    ascii: (d) => String(d),
    wide: (d) => String.fromCharCode(0xff10 + d),
    bold: (d) => String.fromCodePoint(0x1d7ce + d),
    mono: (d) => String.fromCodePoint(0x1d7f6 + d),
    chinese: (d) => '〇一二三四五六七八九'[d] as string,
    spoken: (d) => '零幺二三四五六七八九'[d] as string,
    financial: (d) => '零壹贰叁肆伍陆柒捌玖'[d] as string,
    traditional: (d) => '〇壹貳參肆伍陸柒捌玖'[d] as string,
    // Digit symbols: circled, negative circled, superscript, subscript; parenthesized has no zero.
    circled: (d) => '⓪①②③④⑤⑥⑦⑧⑨'[d] as string,
    negative: (d) => '⓿❶❷❸❹❺❻❼❽❾'[d] as string,
    superscript: (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[d] as string,
    subscript: (d) => '₀₁₂₃₄₅₆₇₈₉'[d] as string,
    parenthesized: (d) => '0⑴⑵⑶⑷⑸⑹⑺⑻⑼'[d] as string,
  };
  // Two digits as one symbol (⑬ for 13): circled ⑩-⑳ and ㉑-㊿, parenthesized ⑽-⒇, full stop ⒑-⒛.
  const twoDigitForms: ((n: number) => string | undefined)[] = [
    (n) =>
      n <= 20
        ? String.fromCharCode(0x2469 + n - 10)
        : n <= 35
          ? String.fromCharCode(0x3251 + n - 21)
          : String.fromCharCode(0x32b1 + n - 36),
    (n) => (n <= 20 ? String.fromCharCode(0x247d + n - 10) : undefined),
    (n) => (n <= 20 ? String.fromCharCode(0x2491 + n - 10) : undefined),
  ];
  const digitsAs = fc
    .tuple(fc.constantFrom(...Object.keys(digitForms), 'two-digit'), fc.boolean(), fc.nat({ max: 2 }))
    .map(([form, all, style]) => (s: string) => {
      let i = 0;
      if (form === 'two-digit') {
        return s.replace(/[1-5][0-9]/g, (p) => ((all || i++ % 2 === 0) && twoDigitForms[style]!(Number(p))) || p);
      }
      return s.replace(/[0-9]/g, (c) =>
        all || i++ % 3 === 0 ? (digitForms[form] as (d: number) => string)(Number(c)) : c,
      );
    });
  const grouped = (s: string, at: number[], sep: string) =>
    at.reduceRight((acc, i) => `${acc.slice(0, i)}${sep}${acc.slice(i)}`, s);
  // Separators as typed, pasted from web pages (no-break space), Chinese input (ideographic space) or
  // autocorrected by a word processor (en dash); invisible characters anywhere in the number.
  const separator = fc.constantFrom(' ', '-', '', '\u3000', '\u00A0', '\u2013', '\uFF0D', '.');
  // Runs of separators, tabs and colons, as a second gap after the first (mixed styles) or after a bracketed first group.
  const gap = fc.constantFrom(' - ', '  ', '\t', ':', '/', '_', ' \u3000', '\uFF1A', '\u2013 ', '. ', '---');
  // Resident IDs are also written with / and _ (and their full-width forms), in any grouping.
  const idSeparator = fc.constantFrom(' ', '-', '', '.', '/', '_', '\uFF0F', '\uFF3F', '\u3000', '\u2013');
  const idGroups = fc.constantFrom([6, 14], [3, 6, 10, 14], [4, 12], [4, 8, 12, 16], [6, 10, 14], [14]);
  const invisible = fc.option(fc.tuple(fc.constantFrom('\u200B', '\u00AD', '\u2060', '\uFEFF'), fc.nat({ max: 12 })), {
    nil: undefined,
  });
  // At a code point, never between the two halves of an astral digit.
  const hide = (s: string, at?: [string, number]) => (at ? [...s].toSpliced(at[1], 0, at[0]).join('') : s);
  const written = fc.oneof(
    fc
      .tuple(fc.constantFrom('', '+86 ', '+86-', '0086', '(+86)'), separator, fc.boolean(), invisible, digitsAs)
      .map(([cc, sep, wide, hidden, as]) => {
        const m = cc + as(grouped(makeMobile(), sep ? [3, 7] : [], sep));
        return hide(wide ? fullWidth(m) : m, hidden);
      }),
    fc
      .tuple(fc.constantFrom('', '+86 ', '(+86)'), fc.oneof(separator, gap), gap, fc.boolean(), invisible, digitsAs)
      .map(([cc, first, second, bracket, hidden, as]) => {
        const m = makeMobile();
        const head = bracket ? `(${m.slice(0, 3)})` : m.slice(0, 3);
        return hide(cc + as(`${head}${first}${m.slice(3, 7)}${second}${m.slice(7)}`), hidden);
      }),
    fc
      .tuple(fc.oneof(idSeparator, gap), fc.oneof(idSeparator, gap), fc.boolean(), invisible, digitsAs)
      .map(([a, b, bracket, hidden, as]) => {
        // Region and birth date set apart by any gaps; other groupings with runs are not IDs, but are probed alike.
        const id = makeResidentId();
        const head = bracket ? `(${id.slice(0, 6)})` : id.slice(0, 6);
        return hide(as(`${head}${a}${id.slice(6, 14)}${b}${id.slice(14)}`), hidden);
      }),
    fc.constant(null).map(() => {
      const id = makeResidentId();
      return `${id.slice(0, 4)}  ${id.slice(4, 12)}\t${id.slice(12)}`;
    }),
    fc
      .tuple(idSeparator, idSeparator, idGroups, fc.boolean(), invisible, digitsAs)
      .map(([sep, sep2, at, wide, hidden, as]) => {
        // One separator style, or a second one at the last group.
        const id = makeResidentId();
        const first = grouped(id.slice(0, at.at(-1)), sep ? at.slice(0, -1) : [], sep);
        const written = as(sep ? `${first}${sep2 || sep}${id.slice(at.at(-1))}` : id);
        return hide(wide ? fullWidth(written) : written, hidden);
      }),
    fc.tuple(digitsAs, fc.constantFrom('', ' ', '-', '.', '8-8')).map(([as, style]) => {
      const card = makeCard();
      if (style === '8-8') return as(card.length === 16 ? `${card.slice(0, 8)} ${card.slice(8)}` : card);
      return as(style ? card.replace(/(.{4})(?=.)/g, `$1${style}`) : card);
    }),
    fc.constantFrom('e12345678', 'E 1234 5678', 'ea 123 4567', 'G-1234-5678', 'Page 1234 5678'),
    fc.constantFrom(...NEAR_MISSES),
    // Whole numbers as a double prints them (a JSON reader's nested numbers, DuckDB's doubles).
    fc.constant(null).map(() => `[${makeResidentId().replace(/X$/, '0')}.0]`),
    fc.integer({ min: 14, max: 16 }).map((n) => Number(makeResidentId().replace(/X$/, '0')).toExponential(n)),
    fc.constantFrom('1.10105199003071e+17', '6222021234567894123.0', '12345678901234.0', '9.007199254740991e+15'),
  );
  const filler = fc.constantFrom(
    '请回电',
    '，',
    ' ',
    '-',
    '1',
    '２',
    '\u{1D7CF}',
    '一',
    '〇',
    '两',
    '二〇二四年一〇月',
    '三四五六七',
    '金额 1234.56 元',
    '2024-05-06 10:30:00',
    '2024/01/15',
    '20240115-20240131',
    '39.916527123456789,116.39712834567891',
    '39.13812345678',
    'v10.0.19045.3693',
    '10:30:00\t11:45:00',
    '2024 01 31 08 30',
    '139.1234 1234.5678',
    '\t',
    '  ',
    ' - ',
    '(',
    ')',
    '（',
    '：',
    '①',
    '⑩',
    '第⑩条',
    '⑳',
    '壹万贰仟元',
    '贰零贰肆年',
    '大陆',
    'm²',
    '/',
    '',
  );
  const cellText = fc.array(fc.oneof(written, filler), { maxLength: 6 }).map((parts) => parts.join(''));

  it('finds, after the row filter and once confirmed, exactly what scanText finds', async () => {
    const rowFilter = quoteLiteral(piiRowFilter(DETECTORS));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cellText, cellText), { minLength: 40, maxLength: 80 }), async (rows) => {
        const data = JSON.stringify(rows.map(([a, b]) => ({ a, b })));
        await conn.run(
          `CREATE OR REPLACE TEMP TABLE notes AS SELECT j->>'a' AS "备注", j->>'b' AS b FROM (SELECT unnest(CAST(json($data) AS JSON[])) AS j)`,
          { data },
        );
        // The gate's shape: one row-level RE2 pass over the published text, then the per-detector probes.
        const candidates = `(SELECT * FROM notes WHERE regexp_matches(concat_ws(chr(31), "备注", b), ${rowFilter}))`;
        const scanned = (await conn.runAndReadAll(piiScanSql(candidates, ['备注', 'b'], DETECTORS))).getRowObjectsJS();
        const confirmed = confirmCandidates(scanned as unknown as PiiCandidateRow[], DETECTORS);
        const got = new Map(
          confirmed.map((r) => [`${r.column_name}|${r.detector}|${r.candidate}`, Number(r.occurrences)]),
        );
        expect(got).toEqual(expectedHits(rows));
      }),
      { numRuns: 6 },
    );
  });
});

function manifest(extra: Partial<DatasetManifestInput> = {}): DatasetManifestInput {
  return manifestInputOf(
    [
      { name: 'code', type: 'string' },
      { name: 'public', type: 'string' },
    ],
    {
      id: 'pii-forms',
      title: { en: 'Written forms (test)' },
      description: { en: 'Identifiers as people write them.' },
      ...extra,
    },
  );
}

async function run(verb: 'validate' | 'preview', name: string, cells: readonly string[], m = manifest()) {
  const csv = ['code,public', ...cells.map((c, i) => `${String(i).padStart(2, '0')},"${c.replaceAll('"', '""')}"`)];
  return runCsv(verb, name, csv, m);
}

async function runCsv(verb: 'validate' | 'preview', name: string, csv: readonly string[], m: DatasetManifestInput) {
  const dir = join(root, name, 'pii-forms');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'dataset.yaml'), stringify(m));
  await writeFile(join(dir, 'data.csv'), `${csv.join('\n')}\n`);
  const out = join(root, `${name}-out`);
  const lines: string[] = [];
  const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s), env: {}, cwd: root };
  const args =
    verb === 'validate'
      ? ['validate', dir, '--json']
      : ['preview', dir, '--out', out, '--key-file', join(root, 'pseudonym.key'), '--json'];
  const code = await main(args, io);
  const body = JSON.parse(lines.join('\n')) as ValidationReport & { report?: ValidationReport };
  return { code, out, report: body.report ?? body };
}

describe('the gate on a public column written these ways', () => {
  it('refuses every form with a count and masked examples per detector', async () => {
    const cells = [...MOBILE_CELLS, ...ID_CELLS, ...EMAIL_CELLS, ...NEAR_MISSES];
    const { code, report } = await run('validate', 'forms', cells);
    expect(code).toBe(1);
    const pii = report.issues.filter((i) => i.type === 'pii/residual');
    const byDetector = Object.fromEntries(pii.map((i) => [i.hint.match(/detector "([^"]+)"/)?.[1], i]));
    expect(Object.keys(byDetector).sort()).toEqual(['email', 'mobile-cn', 'resident-id']);
    expect(byDetector['mobile-cn']!.message).toMatch(new RegExp(`^${MOBILE_CELLS.length} value`));
    expect(byDetector['resident-id']!.message).toMatch(new RegExp(`^${ID_CELLS.length} value`));
    expect(byDetector.email!.message).toMatch(new RegExp(`^${EMAIL_CELLS.length} value`));
    // E-mails keep their domain (an organisation) and one character of the local part.
    for (const example of byDetector.email!.value!.split(', ')) expect(example).toMatch(/^.\*\*\*@example\.com$/);
    for (const i of pii.filter((x) => x !== byDetector.email)) {
      for (const example of i.value!.split(', ')) {
        expect([...example].filter((c) => c === '*').length, example).toBeGreaterThanOrEqual(example.length / 2);
      }
    }
    const text = JSON.stringify(report);
    for (const raw of ['1234-5678', '1234 5678', '12345678', '19491231', '１２３４', 'lisi', 'ｌｉｓｉ']) {
      expect(text).not.toContain(raw);
    }
  });

  it('lets the near misses through', async () => {
    const { code, report } = await run('validate', 'near-misses', NEAR_MISSES);
    expect(report.issues).toEqual([]);
    expect(code).toBe(0);
  });

  it('publishes an excepted column exactly as written (full-width digits stay full-width)', async () => {
    const cells = [...MOBILE_CELLS, ...ID_CELLS];
    const justification = 'identifiers written in every form, published on purpose for this test';
    const { code, out } = await run(
      'preview',
      'excepted',
      cells,
      manifest({
        piiExceptions: [
          { field: 'public', detector: 'mobile-cn', justification },
          { field: 'public', detector: 'resident-id', justification },
        ],
      }),
    );
    expect(code).toBe(0);
    const published = (await readFile(join(out, 'data.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).public);
    expect(published).toEqual(cells);
  });
});

describe('the gate on public number columns', () => {
  /** A resident ID without a final X, so that it can be written as an integer. */
  const digitsOnlyId = (): string => {
    for (;;) {
      const id = makeResidentId();
      if (!id.endsWith('X')) return id;
    }
  };
  const numbers = (extra: Partial<DatasetManifestInput> = {}) =>
    manifestInputOf(
      [
        { name: 'code', type: 'string' },
        { name: 'phone', type: 'integer' },
        { name: 'amount', type: 'number' },
        { name: 'id_no', type: 'integer' },
        { name: 'count', type: 'integer' },
      ],
      {
        id: 'pii-forms',
        title: { en: 'Numbers (test)' },
        description: { en: 'Identifiers exported as numbers.' },
        ...extra,
      },
    );

  it('refuses a mobile number or resident ID exported as a number, and passes ordinary numbers', async () => {
    const [mobile, id] = [makeMobile(), digitsOnlyId()];
    // Spreadsheets export phone numbers as numbers; the count column holds large numbers that are not identifiers.
    const csv = [
      'code,phone,amount,id_no,count',
      'a,42,1.5,7,99',
      `b,${mobile},${mobile}.0,${id},10000000000`,
      'c,-17,-2.25,8,99999999999999',
    ];
    const { code, report } = await runCsv('validate', 'numbers', csv, numbers());
    expect(code).toBe(1);
    const pii = report.issues.filter((i) => i.type === 'pii/residual');
    expect(pii.map((i) => `${i.field} ${i.hint.match(/detector "([^"]+)"/)?.[1]}`).sort()).toEqual([
      'amount mobile-cn',
      'id_no resident-id',
      'phone mobile-cn',
    ]);
    for (const i of pii) {
      expect(i.message).toMatch(/; in data row 2 \(line 3\)$/);
      expect(i).toMatchObject({ row: 2, line: 3 });
    }
    const text = JSON.stringify(report);
    expect(text).not.toContain(mobile);
    expect(text).not.toContain(id);
  });

  it('publishes a number column under a declared exception', async () => {
    const mobile = makeMobile();
    const csv = ['code,phone,amount,id_no,count', `b,${mobile},1,2,3`];
    const justification = 'the switchboard number of a public office, published on purpose';
    const { code, out } = await runCsv(
      'preview',
      'numbers-excepted',
      csv,
      numbers({ piiExceptions: [{ field: 'phone', detector: 'mobile-cn', justification }] }),
    );
    expect(code).toBe(0);
    const [row] = (await readFile(join(out, 'data.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(row.phone).toBe(Number(mobile));
  });
});
