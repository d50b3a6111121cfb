/**
 * What the declared piiExceptions excepted, through the gate (both staging paths) and `opendata
 * validate`: a used exception counts its values; one that excepted nothing (no hit, a column that is
 * not scanned, a detector that never refuses) is a `pii/unused-exception` warning, never a refusal,
 * in the report and in the CLI's output.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../functions/cli/main.ts';
import type { DatasetManifestInput } from '../../functions/core/manifest/schema.ts';
import { manifestInputOf, manifestOf, runGate } from '../fixtures/gate/harness.ts';

const JUSTIFICATION = 'published on purpose: the switchboard numbers of public offices';
const FIELDS: DatasetManifestInput['fields'] = [
  { name: 'office', type: 'string' },
  { name: 'phone', type: 'string' },
  { name: 'note', type: 'string' },
  { name: 'staff_id', type: 'string', grade: 'internal' },
  { name: 'org', type: 'string' },
];
const EXCEPTIONS = {
  piiExceptions: [
    { field: 'phone', detector: 'mobile-cn', justification: JUSTIFICATION },
    { field: 'note', detector: 'resident-id', justification: JUSTIFICATION },
    { field: 'staff_id', detector: 'mobile-cn', justification: JUSTIFICATION },
    { field: 'org', detector: 'uscc', justification: JUSTIFICATION },
  ],
};
const CSV =
  'office,phone,note,staff_id,org\na,13812345678,open daily,13912345678,91350100M000100Y43\nb,13812345679,closed,x,\n';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pii-exceptions-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('declared piiExceptions', () => {
  for (const stagedPath of [true, false]) {
    it(`counts what each excepted and warns about those that excepted nothing (${stagedPath ? 'one-pass' : 'detailed'} path)`, async () => {
      const run = await runGate(manifestOf(FIELDS, EXCEPTIONS), { 'data.csv': CSV }, { processor: { stagedPath } });
      try {
        const { report, piiExceptions } = run.result;
        expect(report.valid).toBe(true);
        expect(piiExceptions).toEqual([
          { field: 'phone', detector: 'mobile-cn', values: 2 },
          { field: 'note', detector: 'resident-id', values: 0 },
          { field: 'staff_id', detector: 'mobile-cn', values: 0 },
          { field: 'org', detector: 'uscc', values: 1 },
        ]);
        expect(report.warnings?.map((w) => [w.type, w.field])).toEqual([
          ['pii/unused-exception', 'note'],
          ['pii/unused-exception', 'staff_id'],
          ['pii/unused-exception', 'org'],
        ]);
        const [note, staff, org] = report.warnings ?? [];
        expect(note?.message).toMatch(/no value in "note" looks like Resident identity card number/);
        expect(staff?.message).toMatch(/"staff_id" is not scanned/);
        expect(org?.message).toMatch(/never refuse a release/);
        expect(note?.hint).toMatch(/remove the entry/);
        expect(note?.zh).toEqual({
          message:
            'piiExceptions 中针对字段“note”和检测器“resident-id”的例外没有放行任何值：字段“note”中没有像是居民身份证号码的值',
          hint: '请从 piiExceptions 中删除这条例外：过时的例外会让该列以后出现的同类值不经审核就被发布',
        });
        expect(staff?.zh?.message).toContain('字段“staff_id”不在扫描范围内');
        expect(org?.zh?.message).toContain('统一社会信用代码从不导致发布被拒绝');
        expect(run.result.output).toBeDefined();
      } finally {
        await run.cleanup();
      }
    });
  }

  it('refuses organisation codes when the manifest makes `uscc` blocking, unless an exception says why', async () => {
    const fields: DatasetManifestInput['fields'] = [
      { name: 'holder', type: 'string' },
      { name: 'code', type: 'string' },
      { name: 'remarks', type: 'string' },
    ];
    const csv = 'holder,code,remarks\n个体甲,91350100M000100Y43,无\n个体乙,,代码 91350100M000100Y43\n';
    for (const stagedPath of [true, false]) {
      const strict = await runGate(
        manifestOf(fields, { blockingDetectors: ['uscc'] }),
        { 'data.csv': csv },
        { processor: { stagedPath } },
      );
      try {
        expect(strict.result.report.valid).toBe(false);
        expect(strict.result.report.issues.map((i) => [i.type, i.field])).toEqual([
          ['pii/residual', 'code'],
          ['pii/residual', 'remarks'],
        ]);
        expect(strict.result.report.issues[0]?.zh?.message).toContain('统一社会信用代码');
      } finally {
        await strict.cleanup();
      }
    }
    const excepted = await runGate(
      manifestOf(fields, {
        blockingDetectors: ['uscc'],
        piiExceptions: [
          {
            field: 'code',
            detector: 'uscc',
            justification: 'the licence register publishes each holder code by regulation',
          },
        ],
      }),
      { 'data.csv': csv },
    );
    try {
      // The code column is published under its exception (used: no warning); the remarks still refuse.
      expect(excepted.result.report.issues.map((i) => [i.type, i.field])).toEqual([['pii/residual', 'remarks']]);
      expect(excepted.result.piiExceptions).toEqual([{ field: 'code', detector: 'uscc', values: 1 }]);
      expect(excepted.result.report.warnings ?? []).toEqual([]);
    } finally {
      await excepted.cleanup();
    }
    // Only reporting detectors can be made blocking.
    expect(() => manifestOf(fields, { blockingDetectors: ['mobile-cn'] as never })).toThrow(/blockingDetectors/);
  });

  it('has no warnings when every exception excepted something', async () => {
    const only = { piiExceptions: [EXCEPTIONS.piiExceptions[0]!] };
    const run = await runGate(manifestOf(FIELDS, only), { 'data.csv': CSV });
    await run.cleanup();
    expect(run.result.report).not.toHaveProperty('warnings');
  });

  it('opendata validate prints the warnings and still exits 0; --json carries them', async () => {
    const dir = join(root, 'ds', 'gate-test');
    await mkdir(dir, { recursive: true });
    for (const f of ['publishers.yaml', 'licenses.yaml']) await copyFile(join('datasets', f), join(root, 'ds', f));
    await writeFile(join(dir, 'dataset.yaml'), stringify(manifestInputOf(FIELDS, EXCEPTIONS)));
    await writeFile(join(dir, 'data.csv'), CSV);
    const run = async (args: string[]) => {
      const lines: string[] = [];
      const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s), env: {}, cwd: root };
      return { code: await main(['validate', dir, ...args], io), text: lines.join('\n') };
    };
    const human = await run([]);
    expect(human.code).toBe(0);
    expect(human.text).toMatch(/✓ gate-test: valid \(2 rows checked\), 3 warning\(s\)/);
    expect(human.text).toMatch(
      /! \[pii\/unused-exception\] field "note": the piiExceptions entry for field "note" and detector "resident-id" excepted nothing/,
    );
    expect(human.text).toMatch(/hint: remove the entry from piiExceptions/);
    const json = await run(['--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.text.slice(json.text.indexOf('{'))).warnings).toHaveLength(3);
  });
});

describe('sensitive fields without kAnonymity', () => {
  const PEOPLE: DatasetManifestInput['fields'] = [
    { name: 'street', type: 'string' },
    { name: 'amount', type: 'number' },
    { name: 'id_no', type: 'string', grade: 'sensitive', treatment: { kind: 'pseudonymize' } },
  ];
  const PEOPLE_CSV = 'street,amount,id_no\n东街,856,110101199003074514\n西街,900,110101199003074530\n';

  it('warns that the rows are about people and names the treated fields, refusing nothing', async () => {
    const run = await runGate(manifestOf(PEOPLE), { 'data.csv': PEOPLE_CSV });
    try {
      expect(run.result.report.valid).toBe(true);
      expect(run.result.report.warnings).toEqual([
        {
          type: 'protection/no-k-anonymity',
          message: expect.stringMatching(
            /^the dataset has sensitive field\(s\) "id_no", so its rows are about people.*no kAnonymity/,
          ),
          hint: expect.stringMatching(/^declare kAnonymity/),
          zh: {
            message: expect.stringMatching(
              /^数据集含有分级为敏感的字段“id_no”，说明每行记录涉及个人，但没有声明 kAnonymity：/,
            ),
            hint: expect.stringMatching(/^请声明 kAnonymity，/),
          },
        },
      ]);
    } finally {
      await run.cleanup();
    }
  });

  it('does not warn once kAnonymity is declared; warns when every sensitive field is dropped too', async () => {
    const declared = await runGate(manifestOf(PEOPLE, { kAnonymity: { quasiIdentifiers: ['street'], k: 2 } }), {
      'data.csv': PEOPLE_CSV,
    });
    const dropped = await runGate(
      manifestOf([PEOPLE[0]!, PEOPLE[1]!, { ...PEOPLE[2]!, treatment: { kind: 'drop' } }]),
      { 'data.csv': PEOPLE_CSV },
    );
    await declared.cleanup();
    await dropped.cleanup();
    expect(declared.result.report.warnings ?? []).not.toContainEqual(
      expect.objectContaining({ type: 'protection/no-k-anonymity' }),
    );
    expect(dropped.result.report.warnings?.map((w) => w.type)).toEqual(['protection/no-k-anonymity']);
  });
});
