/**
 * Identity numbers the gate once published unscanned (penetration test 2): a resident ID in a
 * `number` column (DuckDB printed it as 1.1010119900307451e+17), identifiers in the published parts
 * of the manifest (enum values, patterns, field names), in `geopoint` columns, and in written forms
 * the detectors did not read (other separators and groupings, lower-case or spaced passports, dotted
 * or 8-8 cards, circled and superscript digits). Each is refused; ordinary data like it is not.
 */
import { describe, expect, it } from 'vitest';
import { type FieldInput, gate, issuesOf, manifestOf, runGate } from '../fixtures/gate/harness.ts';

/** `field detector` of each pii/residual issue (the detector from the hint; inexact numbers have none). */
const residual = (r: Awaited<ReturnType<typeof gate>>) =>
  issuesOf(r, 'pii/residual')
    .map(
      (i) =>
        `${i.field} ${i.hint.match(/detector "([^"]+)"/)?.[1] ?? (/type: string/.test(i.hint) ? 'inexact-number' : '?')}`,
    )
    .sort();

describe('number columns', () => {
  const fields: FieldInput[] = [
    { name: 'holder', type: 'string' },
    { name: 'id_number', type: 'number' },
  ];

  it('refuses an 18-digit resident ID (or its 17-digit body) although the double lost its last digits', async () => {
    for (const value of ['110101199003074514', '11010119900307451', '44030619851212123']) {
      const r = await gate(manifestOf(fields), { 'data.csv': `holder,id_number\nA,1\nB,${value}\n` });
      expect(residual(r), value).toEqual(['id_number resident-id']);
      const [issue] = issuesOf(r, 'pii/residual');
      expect(issue!.message).toMatch(
        /^1 value\(s\) in "id_number" look like Resident identity card number .*; in data row 2 \(line 3\)$/,
      );
      expect(JSON.stringify(r.report)).not.toContain(value.slice(6, 14));
    }
  });

  it('refuses a whole number too long to be exact (a 19-digit card), with the fix: declare it string', async () => {
    const r = await gate(manifestOf(fields), { 'data.csv': 'holder,id_number\nA,6222021234567894003\nB,9.5e15\n' });
    expect(residual(r)).toEqual(['id_number inexact-number']);
    const [issue] = issuesOf(r, 'pii/residual');
    expect(issue!.message).toMatch(/^2 value\(s\) in "id_number" are whole numbers of 16 to 19 digits/);
    expect(issue!.hint).toMatch(/declare field "id_number" as type: string/);
    expect(issue!.zh?.message).toMatch(
      /^字段“id_number”中有 2 个值是 16 至 19 位的整数，超出了数值能精确表示的范围（2\^53），末几位已经丢失，无法核验：可能是证件号或卡号，例如 .*；位于第 1 行（文件第 2 行）、第 2 行（文件第 3 行）$/,
    );
    expect(issue!.zh?.hint).toMatch(/^请把字段“id_number”声明为 type: string，/);
  });

  it('still finds an exact 16-digit card and an 11-digit mobile, and passes ordinary large numbers', async () => {
    const bad = await gate(manifestOf(fields), {
      'data.csv': 'holder,id_number\nA,6222021234567894\nB,13812345678\n',
    });
    expect(issuesOf(bad, 'pii/residual').map((i) => i.hint.match(/detector "([^"]+)"/)?.[1])).toEqual(
      expect.arrayContaining(['bank-card', 'mobile-cn']),
    );
    // Amounts, populations, a large measurement beyond 10^19 and small decimals: no identifier.
    const ok = await gate(manifestOf(fields), {
      'data.csv': 'holder,id_number\nA,1234567890123.5\nB,1411778724\nC,6.02e23\nD,39.916527123456789\nE,-2.5\n',
    });
    expect(ok.report.issues).toEqual([]);
  });
});

describe('the published parts of the manifest', () => {
  it('refuses identifiers in enum values, patterns, field names, the id and the contact e-mail, naming each path', async () => {
    const r = await gate(
      manifestOf(
        [
          { name: 'status', type: 'string', constraints: { enum: ['ok', '110101199003074514', '13812345678'] } },
          { name: 'code', type: 'string', constraints: { pattern: 'X|(110101)(19900307)4514|6222021234567894' } },
          { name: '110101199003074514', type: 'string' },
          { name: 'n', type: 'integer', constraints: { enum: [1, 13912345678] } },
        ],
        { id: 'pt-13712345678', contact: { name: 'Open data office', email: '13612345678@example.org' } },
      ),
      { 'data.csv': 'status,code,110101199003074514,n\nok,X,hello,1\n' },
    );
    const found = issuesOf(r, 'pii/metadata');
    expect(found.map((i) => i.field)).toEqual([
      'id',
      'contact.email',
      'fields.0.constraints.enum.1',
      'fields.0.constraints.enum.2',
      'fields.1.constraints.pattern',
      'fields.2.name',
      'fields.3.constraints.enum.1',
    ]);
    const pattern = found.find((i) => i.field === 'fields.1.constraints.pattern')!.message;
    expect(pattern).toMatch(/Resident identity card number/);
    expect(pattern).toMatch(/Bank card number/);
    expect(found.find((i) => i.field === 'fields.2.name')!.hint).toMatch(/rename the column/);
    const patternZh = found.find((i) => i.field === 'fields.1.constraints.pattern')!.zh;
    expect(patternZh?.message).toMatch(
      /^dataset\.yaml 中的 fields\.1\.constraints\.pattern 含有疑似(居民身份证号码和银行卡号|银行卡号和居民身份证号码)的内容（.+）：元数据会原样发布$/,
    );
    expect(patternZh?.hint).toMatch(/^请从约束中删除这个值（或删除整个约束）：/);
    expect(found.find((i) => i.field === 'fields.2.name')!.zh?.hint).toMatch(/^请重命名该列/);
    expect(found.find((i) => i.field === 'contact.email')!.zh?.hint).toMatch(
      /^请删除这段内容：contact 中只写职务或科室/,
    );
    const text = JSON.stringify(r.report);
    for (const raw of ['19900307', '13812345678', '13912345678', '1234567894']) expect(text).not.toContain(raw);
  });

  it('passes ordinary vocabularies and patterns, and constraints that are not published (treated or internal fields)', async () => {
    const r = await gate(
      manifestOf([
        { name: 'code', type: 'string', constraints: { pattern: '[0-9]{12}', enum: ['110101001001', '110101001002'] } },
        { name: 'phone', type: 'string', constraints: { pattern: '1[3-9][0-9]{9}' } },
        {
          name: 'person_id',
          type: 'string',
          grade: 'sensitive',
          treatment: { kind: 'pseudonymize' },
          constraints: { enum: ['110101199003074514'] },
        },
        { name: 'note', type: 'string', grade: 'internal', constraints: { enum: ['13812345678'] } },
        { name: 'year_2024_q1', type: 'integer', constraints: { minimum: 0, maximum: 9007199254740991 } },
      ]),
      { 'data.csv': 'code,phone,person_id,note,year_2024_q1\n110101001001,,110101199003074514,13812345678,5\n' },
    );
    expect(r.report.issues).toEqual([]);
  });
});

describe('geopoint columns and written forms', () => {
  it('scans geopoints as text: an ID hidden in a coordinate is refused, full-precision coordinates pass', async () => {
    const fields: FieldInput[] = [{ name: 'where', type: 'geopoint' }];
    const bad = await gate(manifestOf(fields), { 'data.csv': 'where\n"39.110101199003074514,116.4"\n' });
    expect(residual(bad)).toEqual(['where resident-id']);
    const ok = await gate(manifestOf(fields), {
      'data.csv':
        'where\n"39.916527123456789,116.39712834567891"\n"39.316527123456789,116.4"\n"39.13812345678,116.4"\n"-33.8688,151.2093"\n',
    });
    expect(ok.report.issues).toEqual([]);
  });

  it("refuses the tester's written forms in a text column, and passes dates, versions, decimals and units", async () => {
    const cells = {
      'resident-id': [
        '110101/19900307/4514',
        '110101.19900307.4514',
        '110101_19900307_4514',
        '110101 19900307-4514',
        '110 101 1990 0307 4514',
        '①①⓪①⓪①①⑨⑨⓪⓪③⓪⑦④⑤①④',
        '¹¹⁰¹⁰¹¹⁹⁹⁰⁰³⁰⁷⁴⁵¹⁴',
        '⑴⑴0⑴0⑴⑴⑼⑼00⑶0⑺⑷⑸⑴⑷',
        '❶❶⓿❶⓿❶❶❾❾⓿⓿❸⓿❼❹❺❶❹',
      ],
      'passport-cn': ['e12345678', 'E 1234 5678'],
      'bank-card': ['6222.0212.3456.7894', '62220212 34567894'],
      'mobile-cn': ['₁₃₈₁₂₃₄₅₆₇₈', '①13812345678'],
    };
    const all = Object.values(cells).flat();
    const r = await gate(manifestOf([{ name: 'note', type: 'string' }]), {
      'data.csv': `note\n${all.map((c) => `"${c}"`).join('\n')}\n`,
    });
    const byDetector = Object.fromEntries(
      issuesOf(r, 'pii/residual').map((i) => [i.hint.match(/detector "([^"]+)"/)?.[1], i.message]),
    );
    expect(Object.keys(byDetector).sort()).toEqual(Object.keys(cells).sort());
    for (const [detector, list] of Object.entries(cells)) {
      expect(byDetector[detector], detector).toMatch(new RegExp(`^${list.length} value`));
    }

    const ordinary = [
      '2024/01/15',
      '2024/01/15 至 2024/02/15',
      '20240115-20240131',
      'v1.2.3',
      '版本 10.0.19045.3693',
      '3.14159 2.71828',
      '面积 120m²，第③项',
      '坐标 116.397128 39.916527',
      '金额 12,345,678.90 元',
      '⑩⑪⑫',
    ];
    const run = await runGate(manifestOf([{ name: 'note', type: 'string' }]), {
      'data.csv': `note\n${ordinary.map((c) => `"${c}"`).join('\n')}\n`,
    });
    try {
      expect(run.result.report.issues).toEqual([]);
      // Published exactly as written.
      const ndjson = (await run.artifacts()).get('data.ndjson')!.toString('utf8');
      expect(
        ndjson
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).note),
      ).toEqual(ordinary);
    } finally {
      await run.cleanup();
    }
  });
});
