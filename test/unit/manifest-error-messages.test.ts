/**
 * What a publisher reads when a manifest is refused: every schema problem in plain words (a missing
 * key is "required" and says what it holds, a wrong type says expected and got, an unknown key
 * suggests the closest one, a union names its shapes), names that differ only in case, and the
 * reference problems (publisher, licence) in the same report as the schema ones.
 */
import { describe, expect, it } from 'vitest';
import type { Registry } from '../../functions/core/manifest/parse.ts';
import { manifestProblems, visitsManifestYaml as manifestYaml } from '../fixtures/manifest.ts';

const FILE = 'datasets/visits/dataset.yaml';

/** The problems in English (their Chinese, `zh`, is checked in manifest-error-messages-zh.test.ts). */
const problems = (text: string, registry?: Registry, folderName?: string) =>
  manifestProblems(text, FILE, registry ? { registry, ...(folderName ? { folderName } : {}) } : undefined).map(
    ({ zh: _zh, ...english }) => english,
  );

const REGISTRY: Registry = {
  publishers: [{ id: 'demo-stats', name: { en: 'Statistics' }, email: 'stats@example.org' }],
  licenses: [],
};

describe('manifest schema problems in plain words', () => {
  it('accepts the base manifest', () => {
    expect(problems(manifestYaml(), REGISTRY, 'visits')).toEqual([]);
  });

  it('says a missing key is required, what it holds and how to add it', () => {
    const p = problems(manifestYaml({ description: undefined }));
    expect(p).toEqual([
      {
        where: `${FILE}: description`,
        message: expect.stringMatching(/^`description` is required: what the dataset holds/),
        hint: 'add `description:` with a text or {zh-CN: …, en: …}',
      },
    ]);
    expect(JSON.stringify(p)).not.toContain('Invalid input');
  });

  it('says a key with no value is required but empty', () => {
    const [p] = problems(manifestYaml({ contact: 'contact:' }));
    expect(p?.where).toBe(`${FILE}: contact`);
    expect(p?.message).toMatch(/^`contact` is required but empty: who answers questions/);
  });

  it('names a misspelt key as the unknown key with "did you mean", and the missing one as its typo', () => {
    const p = problems(manifestYaml({ description: 'descripton: {en: Clinic visits.}' }));
    expect(p).toContainEqual({
      where: `${FILE}: descripton`,
      message: 'unknown key `descripton`',
      hint: 'did you mean `description`?',
    });
    expect(p).toContainEqual({
      where: `${FILE}: description`,
      message: expect.stringContaining('`description` is required'),
      hint: '`descripton` looks like a misspelling of `description`: rename it',
    });
  });

  it('lists the allowed keys for an unknown key with no close match', () => {
    const p = problems(manifestYaml({ contact: 'contact: {name: Office, email: a@example.org, phone: 123}' }));
    expect(p).toEqual([
      {
        where: `${FILE}: contact.phone`,
        message: 'unknown key `phone`',
        hint: 'remove it or check its spelling; allowed here: name, email',
      },
    ]);
  });

  it('says expected versus got for a wrong type', () => {
    const p = problems(manifestYaml({}, 'primaryKey: code'));
    expect(p).toEqual([
      {
        where: `${FILE}: primaryKey`,
        message: 'expected a list, got the text "code"',
        hint: expect.stringContaining('the fields that identify a row'),
      },
    ]);
    const [n] = problems(
      manifestYaml({ fields: 'fields:\n  - {name: code, type: string, treatment: {kind: mask, keepFirst: 1.5}}' }),
    );
    expect(n?.where).toBe(`${FILE}: fields[0].treatment.keepFirst`);
    expect(n?.message).toBe('expected a whole number, got the number 1.5 (not whole)');
  });

  it('names the accepted shapes of a source file entry instead of "Invalid input"', () => {
    const [asText] = problems(manifestYaml({ source: 'source: {files: [visits.csv], format: csv}' }));
    expect(asText).toEqual({
      where: `${FILE}: source.files[0]`,
      message: 'expected {path: …} or {package: …}, got the text "visits.csv"',
      hint: expect.stringContaining('{path: data.csv} (a file next to dataset.yaml)'),
    });
    const [typo] = problems(manifestYaml({ source: 'source: {files: [{pth: visits.csv}], format: csv}' }));
    expect(typo).toEqual({
      where: `${FILE}: source.files[0]`,
      message: 'expected {path: …} or {package: …}, got {pth}',
      hint: expect.stringMatching(/^`pth`: did you mean `path`\?/),
    });
    // When the keys say which shape is meant, its own problem is the one reported.
    const [empty] = problems(manifestYaml({ source: "source: {files: [{path: ''}], format: csv}" }));
    expect(empty).toMatchObject({ where: `${FILE}: source.files[0].path`, message: '`path` must not be empty' });
  });

  it('names the treatment kinds and the closest one for an unknown kind', () => {
    const p = problems(manifestYaml({ fields: 'fields:\n  - {name: code, type: string, treatment: {kind: mas}}' }));
    expect(p).toEqual([
      {
        where: `${FILE}: fields[0].treatment.kind`,
        message: expect.stringMatching(/^the text "mas" is not one of: drop, redact, mask, pseudonymize, /),
        hint: 'did you mean `mask`?',
      },
    ]);
    const [noKind] = problems(manifestYaml({ fields: 'fields:\n  - {name: code, type: string, treatment: {}}' }));
    expect(noKind?.message).toMatch(/^`kind` is required: one of drop, redact, mask/);
  });

  it('says a key of another treatment kind is not a parameter of this one, never suggesting the key itself', () => {
    const treated = (t: string) =>
      manifestYaml({ fields: `fields:\n  - {name: code, type: integer, treatment: ${t}}` });
    expect(problems(treated('{kind: drop, keepFirst: 2}'))).toEqual([
      {
        where: `${FILE}: fields[0].treatment.keepFirst`,
        message: '`keepFirst` is not a parameter of `drop` (it takes no parameters)',
        hint: 'remove it, or choose a kind that takes it: mask',
      },
    ]);
    expect(problems(treated('{kind: generalize-number, width: 10, to: year}'))).toEqual([
      {
        where: `${FILE}: fields[0].treatment.to`,
        message: '`to` is not a parameter of `generalize-number` (it takes: width)',
        hint: 'remove it, or choose a kind that takes it: generalize-date',
      },
    ]);
    // A typo of one of the kind's own parameters still gets "did you mean".
    const [typo] = problems(treated('{kind: generalize-number, widht: 10}'));
    expect(typo).toMatchObject({
      where: `${FILE}: fields[0].treatment.width`,
      hint: expect.stringContaining('`widht`'),
    });
    const all = problems(treated('{kind: mask, keepFrist: 1}'));
    expect(all).toContainEqual(expect.objectContaining({ hint: 'did you mean `keepFirst`?' }));
  });

  it('names the shapes of a localized text', () => {
    const [p] = problems(manifestYaml({ title: 'title: 5' }));
    expect(p).toMatchObject({
      where: `${FILE}: title`,
      message: 'expected a text or {zh-CN: …, en: …}, got the number 5',
    });
    const [zh] = problems(manifestYaml({ title: 'title: {zh: 访问}' }));
    expect(zh).toMatchObject({ where: `${FILE}: title.zh`, message: 'unknown key `zh`' });
    expect(zh?.hint).toContain('allowed here: zh-CN, en');
  });

  it('suggests the closest value of an enum and keeps every problem with file, path and hint', () => {
    const p = problems(
      manifestYaml({ updateFrequency: 'updateFrequency: monthy', fields: 'fields:\n  - {name: code, type: strin}' }),
    );
    expect(p).toContainEqual({
      where: `${FILE}: updateFrequency`,
      message: expect.stringContaining('the text "monthy" is not one of: daily, weekly, monthly'),
      hint: 'did you mean `monthly`?',
    });
    expect(p).toContainEqual(
      expect.objectContaining({ where: `${FILE}: fields[0].type`, hint: 'did you mean `string`?' }),
    );
    for (const x of p) {
      expect(x.where.startsWith(`${FILE}: `)).toBe(true);
      expect(x.hint).toBeTruthy();
      expect(x.message).not.toMatch(/^Invalid input/);
    }
  });
});

describe('field names that differ only in case', () => {
  it.each([
    ['primaryKey', 'primaryKey: [Code]', 'primaryKey[0]'],
    ['kAnonymity', 'kAnonymity: {quasiIdentifiers: [Code], k: 2}', 'kAnonymity.quasiIdentifiers[0]'],
    [
      'piiExceptions',
      'piiExceptions: [{field: Code, detector: email, justification: office addresses of public agencies}]',
      'piiExceptions[0].field',
    ],
  ])('%s: did you mean `code`? names are case-sensitive', (_, extra, path) => {
    expect(problems(manifestYaml({}, extra))).toEqual([
      {
        where: `${FILE}: ${path}`,
        message: '"Code" is not a declared field',
        hint: 'did you mean `code`? names are case-sensitive',
      },
    ]);
  });

  it("a date-shift's keyField", () => {
    const fields = `fields:
  - {name: code, type: string}
  - {name: visited, type: date, grade: sensitive, treatment: {kind: date-shift, maxDays: 10, keyField: CODE}}`;
    expect(problems(manifestYaml({ fields }))).toEqual([
      {
        where: `${FILE}: fields[1].treatment.keyField`,
        message: expect.stringContaining('keyed by "CODE", which is not a declared field'),
        hint: 'did you mean `code`? names are case-sensitive',
      },
    ]);
  });
});

describe('suggested names for Chinese field names', () => {
  const fields =
    'fields:\n  - {name: 姓名, type: string, grade: sensitive, treatment: {kind: drop}}\n  - {name: 区县代码, type: string}\n  - {name: 年龄段, type: string}';
  it.each([
    ['区县', '区县代码'],
    ['区', '区县代码'],
    ['年龄', '年龄段'],
  ])('%s: did you mean `%s`? (a name that starts with or contains it)', (given, near) => {
    expect(problems(manifestYaml({ fields }, `kAnonymity: {quasiIdentifiers: [${given}], k: 2}`))).toEqual([
      {
        where: `${FILE}: kAnonymity.quasiIdentifiers[0]`,
        message: `"${given}" is not a declared field`,
        hint: `did you mean \`${near}\`?`,
      },
    ]);
  });

  it('suggests no name that shares no character with the given one', () => {
    const [p] = problems(manifestYaml({ fields }, 'kAnonymity: {quasiIdentifiers: [街道], k: 2}'));
    expect(p?.hint).not.toMatch(/did you mean/);
    expect(p?.hint).toMatch(/declared under fields/);
  });
});

describe('reference problems in the same report as schema problems', () => {
  it('reports an unknown publisher and licence together with a missing key', () => {
    const p = problems(
      manifestYaml({ publisher: 'publisher: demo-stat', license: 'license: CC-BY-4', description: undefined }),
      REGISTRY,
      'visits',
    );
    expect(p.map((x) => x.where)).toEqual([`${FILE}: description`, `${FILE}: publisher`, `${FILE}: license`]);
    expect(p[1]?.hint).toMatch(/^did you mean `demo-stats`\?/);
    expect(p[2]?.hint).toMatch(/^did you mean `CC-BY-4.0`\?/);
  });

  it('also reports a folder name that differs from the id', () => {
    const p = problems(manifestYaml({ title: undefined }), REGISTRY, 'clinic-visits');
    expect(p.map((x) => x.where)).toEqual([`${FILE}: title`, `${FILE}: id`]);
  });

  it('does not check a reference the schema already refused', () => {
    const p = problems(manifestYaml({ publisher: "publisher: ''" }), REGISTRY);
    expect(p).toEqual([
      expect.objectContaining({ where: `${FILE}: publisher`, message: '`publisher` must not be empty' }),
    ]);
  });

  it('reports only reference problems for a manifest that parses', () => {
    const p = problems(manifestYaml({ publisher: 'publisher: nobody' }), REGISTRY);
    expect(p).toEqual([
      expect.objectContaining({ where: `${FILE}: publisher`, message: 'publisher "nobody" is not registered' }),
    ]);
  });
});

describe('piiExceptions name real detectors', () => {
  it('refuses an unknown detector id (it would except nothing), listing the ids and the nearest', () => {
    const extra =
      'piiExceptions: [{field: code, detector: mobile, justification: switchboard numbers of public offices}]';
    expect(problems(manifestYaml({}, extra))).toEqual([
      {
        where: `${FILE}: piiExceptions[0].detector`,
        message: expect.stringMatching(/^"mobile" is not a detector \(they are: resident-id, mobile-cn, email, /),
        hint: 'did you mean `mobile-cn`?',
      },
    ]);
  });
});

describe('source options the format does not read are refused, not ignored', () => {
  it('refuses headerRow on a JSON source, saying which formats read it', () => {
    const source = 'source: {files: [{path: visits.json}], format: json, headerRow: 3}';
    expect(problems(manifestYaml({ source }))).toEqual([
      expect.objectContaining({
        where: `${FILE}: source.headerRow`,
        message: '`headerRow` does not apply to json sources (only to csv and xlsx); remove it from source',
      }),
    ]);
  });

  it('refuses a sheet on CSV, a delimiter on XLSX and an encoding on Parquet, each at its key', () => {
    const wheres = (source: string) => problems(manifestYaml({ source })).map((p) => p.where);
    expect(wheres('source: {files: [{path: v.csv}], format: csv, sheet: Sheet1}')).toEqual([`${FILE}: source.sheet`]);
    expect(wheres('source: {files: [{path: v.xlsx}], format: xlsx, delimiter: ";"}')).toEqual([
      `${FILE}: source.delimiter`,
    ]);
    expect(wheres('source: {files: [{path: v.parquet}], format: parquet, encoding: gbk}')).toEqual([
      `${FILE}: source.encoding`,
    ]);
    expect(wheres('source: {files: [{path: v.ndjson}], format: ndjson, missingValues: [NA]}')).toEqual([
      `${FILE}: source.missingValues`,
    ]);
  });

  it('accepts each option on a format that reads it', () => {
    for (const source of [
      'source: {files: [{path: v.csv}], format: csv, headerRow: 2, delimiter: ";", missingValues: [NA], encoding: gbk}',
      'source: {files: [{path: v.xlsx}], format: xlsx, headerRow: 2, sheet: Data, missingValues: ["-"]}',
      'source: {files: [{path: v.json}], format: json, encoding: gb18030}',
      'source: {files: [{path: v.parquet}], format: parquet}',
    ]) {
      expect(problems(manifestYaml({ source }), REGISTRY, 'visits')).toEqual([]);
    }
  });
});
