import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../functions/core/release/audit-chain.ts';
import { publicFacts } from '../../../functions/core/release/audit-disclosure.ts';
import { type AuditEntry, type AuditEntryV1, hashV1, seal } from '../../../functions/core/release/audit-entry.ts';
import {
  type ExportedDisclosure,
  type ExportedEntry,
  type ExportedEntryV2,
  exportEntry,
  laterDisclosures,
  verifyExport,
  withLaterDisclosures,
} from '../../../functions/core/release/audit-export.ts';
import { checkHead, type ExportHead } from '../../../functions/core/release/audit-export-head.ts';

let n = 0;
const newSalt = () => (++n).toString(16).padStart(32, '0');

type Content = Pick<AuditEntry, 'actor' | 'action' | 'subject' | 'details'>;

/** A ledger: `old` format-1 entries first (as stored before selective disclosure), then format 2. */
function ledger(contents: readonly Content[], old = 0): AuditEntry[] {
  const out: AuditEntry[] = [];
  contents.forEach((c, i) => {
    const base = { seq: i + 1, time: `2026-11-01T00:00:0${i}Z`, prevHash: out[i - 1]?.hash ?? GENESIS_HASH, ...c };
    if (i < old) out.push({ ...base, hash: hashV1(base) } satisfies AuditEntryV1);
    else out.push(seal(base, newSalt));
  });
  return out;
}

const roles: Content = {
  actor: 'system:configuration',
  action: 'roles.changed',
  subject: 'principals',
  details: { added: [{ id: 'alice' }] },
};
const created = (id: string, dataset: string): Content => ({
  actor: 'alice',
  action: 'release.created',
  subject: `release/${id}`,
  details: { dataset, department: 'demo-stats' },
});
const approved = (id: string, dataset: string): Content => ({
  actor: 'bob',
  action: 'release.approved',
  subject: `release/${id}`,
  details: { dataset, submittedBy: 'alice' },
});
const published = (id: string, dataset: string): Content => ({
  actor: 'system:pipeline',
  action: 'release.published',
  subject: `dataset/${dataset}/v1`,
  details: { release: id, dataset, version: 1, approvedBy: 'bob', submittedBy: 'alice' },
});
const rejected = (id: string, dataset: string): Content => ({
  actor: 'bob',
  action: 'release.rejected',
  subject: `release/${id}`,
  details: { dataset, reason: 'not yet' },
});

const exportAll = (entries: readonly AuditEntry[]) => {
  const facts = publicFacts(entries);
  // Through JSON, as an outsider reads the file.
  return entries.map((e) => JSON.parse(JSON.stringify(exportEntry(e, facts))) as ExportedEntry);
};

const CONTENTS = [
  roles,
  created('r1', 'open-data'),
  approved('r1', 'open-data'),
  published('r1', 'open-data'),
  created('r2', 'kept-secret'),
  rejected('r2', 'kept-secret'),
];

describe('public export of the audit ledger', () => {
  it('discloses only what is public, and still verifies end to end', () => {
    const exported = exportAll(ledger(CONTENTS));
    expect(verifyExport(exported)).toMatchObject({ valid: true, entries: 6, headSeq: 6 });
    const text = JSON.stringify(exported);
    // Member names of details are public (they are the code's constants); their values are not.
    for (const secret of ['"alice"', '"bob"', 'kept-secret', 'r2', 'not yet']) {
      expect(text).not.toContain(secret);
    }
    const [e1, e2, e3, e4, e5] = exported as ExportedEntryV2[];
    expect(e1).toMatchObject({ actor: 'system:configuration', subject: 'principals', details: {} });
    expect(e1?.commitments.details).toHaveProperty('added');
    expect(e2).toMatchObject({ subject: 'release/r1', details: { dataset: 'open-data', department: 'demo-stats' } });
    expect(e2).not.toHaveProperty('actor');
    expect(e3?.details).toEqual({ dataset: 'open-data' });
    expect(e4).toMatchObject({ actor: 'system:pipeline', subject: 'dataset/open-data/v1' });
    expect(e5).toMatchObject({ action: 'release.created', details: {}, salts: { details: {} } });
    expect(e5).not.toHaveProperty('subject');
  });

  it('may disclose more later without changing any hash', () => {
    const entries = ledger(CONTENTS.slice(0, 4));
    // The export before the publication (entries 1-3), and after it.
    const early = exportAll(entries.slice(0, 3));
    const late = exportAll(entries);
    expect(early[1]).not.toHaveProperty('subject');
    expect(late[1]).toMatchObject({ subject: 'release/r1' });
    expect(early.map((e) => e.hash)).toEqual(late.slice(0, 3).map((e) => e.hash));
    expect(verifyExport(early).valid).toBe(true);
    expect(verifyExport(late).valid).toBe(true);
  });

  it('verifies old (format-1) entries in full, then format 2', () => {
    const entries = ledger(CONTENTS, 2);
    const exported = exportAll(entries);
    // Format 1 is exported as stored: its hash covers every member (earlier exports published it so).
    expect(exported[1]).toEqual(entries[1]);
    expect(exported[2]).toHaveProperty('commitments');
    expect(verifyExport(exported)).toMatchObject({ valid: true, headSeq: 6 });
  });

  describe('names the first entry an outsider can tell was altered', () => {
    const fresh = () => exportAll(ledger(CONTENTS, 1)) as ExportedEntryV2[];
    const broken = (entries: readonly unknown[]) => verifyExport(entries).firstBroken;

    it('a disclosed value', () => {
      const x = fresh();
      (x[1] as ExportedEntryV2).details.dataset = 'other-data';
      expect(broken(x)).toMatchObject({ seq: 2, reason: expect.stringMatching(/details\.dataset .*commitment/) });
      const y = fresh();
      (y[3] as ExportedEntryV2).subject = 'dataset/open-data/v2';
      expect(broken(y)).toMatchObject({ seq: 4, reason: expect.stringMatching(/subject .*commitment/) });
    });

    it('a commitment (of an undisclosed field too)', () => {
      const x = fresh();
      (x[4] as ExportedEntryV2).commitments.subject = 'f'.repeat(64);
      expect(broken(x)).toMatchObject({ seq: 5, reason: expect.stringMatching(/altered/) });
    });

    it('a disclosed value with a made-up salt, or a salt without its value', () => {
      const x = fresh();
      (x[2] as ExportedEntryV2).actor = 'mallory';
      (x[2] as ExportedEntryV2).salts.actor = 'a'.repeat(32);
      expect(broken(x)).toMatchObject({ seq: 3, reason: expect.stringMatching(/actor .*commitment/) });
      const y = fresh();
      delete (y[1] as ExportedEntryV2).details.dataset;
      expect(broken(y)).toMatchObject({ seq: 2, reason: expect.stringMatching(/salt or value/) });
    });

    it('a removed or reordered entry', () => {
      const x = fresh();
      expect(broken(x.filter((e) => e.seq !== 3))).toMatchObject({ seq: 3, reason: expect.stringMatching(/missing/) });
      const y = fresh();
      [y[2], y[3]] = [y[3] as ExportedEntryV2, y[2] as ExportedEntryV2];
      expect(broken(y)?.seq).toBe(3);
    });

    it('an entry replaced with one of the right hash but another format-2 content', () => {
      const x = fresh();
      const e = x[4] as ExportedEntryV2;
      x[4] = { ...e, time: '2030-01-01T00:00:00Z' };
      expect(broken(x)).toMatchObject({ seq: 5, reason: expect.stringMatching(/altered/) });
    });

    it('a publication stripped of what every export discloses (its hashes intact)', () => {
      const strip = (e: ExportedEntryV2, fields: ('actor' | 'subject' | 'details')[]) => {
        const out = { ...e, salts: { ...e.salts, details: { ...e.salts.details } } } as Record<string, unknown>;
        for (const f of fields) {
          if (f === 'details') {
            out.details = {};
            (out.salts as { details: unknown }).details = {};
          } else {
            delete out[f];
            delete (out.salts as Record<string, unknown>)[f];
          }
        }
        return out;
      };
      for (const fields of [['subject'], ['details'], ['actor'], ['actor', 'subject', 'details']] as const) {
        const x = fresh() as unknown[];
        x[3] = strip(x[3] as ExportedEntryV2, [...fields]);
        expect(broken(x), fields.join()).toMatchObject({
          seq: 4,
          reason: expect.stringMatching(/^entry 4 \(release\.published\) withholds what every export discloses: /),
        });
      }
      // The roles directory's subject too; its details are never disclosed, so withholding them is the rule.
      const y = fresh() as unknown[];
      expect(verifyExport(y).valid).toBe(true);
    });

    it('an altered old (format-1) entry', () => {
      const x = fresh() as unknown as AuditEntryV1[];
      x[0] = { ...(x[0] as AuditEntryV1), details: {} };
      expect(broken(x)).toMatchObject({ seq: 1, reason: expect.stringMatching(/altered/) });
    });
  });
});

/**
 * Incremental exports: a segment holds the entries after the previous head, disclosed as public when it
 * is written, plus later disclosures of earlier entries of which more became public since.
 */
describe('segments of the public export', () => {
  // r1 created and approved (exported before its publication), then published; r2 created and rejected.
  const entries = ledger(CONTENTS);
  const through = (json: unknown) => JSON.parse(JSON.stringify(json)) as unknown[];
  /** The export of entries (after, to], as audit-ledger.ts exportLedger writes it. */
  const segment = (after: number, to: number) => {
    const before = publicFacts(entries.slice(0, after));
    const now = publicFacts(entries.slice(0, to));
    return through([
      ...entries.slice(after, to).map((e) => exportEntry(e, now)),
      ...laterDisclosures(entries.slice(0, after), before, now),
    ]);
  };
  const first = segment(0, 3);
  const second = segment(3, 6);

  it('writes each entry once, and later discloses what became public since', () => {
    // Entries 2 and 3 (r1 created, approved) were exported before r1 was published: nothing of r1.
    expect(first[1]).not.toHaveProperty('subject');
    expect(first[2]).not.toHaveProperty('subject');
    const disclosures = second.filter((l) => 'discloses' in (l as object)) as ExportedDisclosure[];
    expect(disclosures.map((d) => d.discloses)).toEqual([2, 3]);
    expect(disclosures[0]).toMatchObject({
      subject: 'release/r1',
      details: { dataset: 'open-data', department: 'demo-stats' },
    });
    expect(disclosures[0]).not.toHaveProperty('actor');
    expect(disclosures[1]?.details).toEqual({ dataset: 'open-data' });
    // Entries 4-6 once each; nothing about r2 (never published), no staff ids.
    expect(second.filter((l) => 'seq' in (l as object)).map((l) => (l as ExportedEntry).seq)).toEqual([4, 5, 6]);
    for (const secret of ['"alice"', '"bob"', 'kept-secret', 'not yet']) {
      expect(JSON.stringify(second)).not.toContain(secret);
    }
    // An export with nothing newly public discloses nothing again.
    expect(segment(4, 6).filter((l) => 'discloses' in (l as object))).toEqual([]);
  });

  it('verifies the segments of a head from the first entry, later disclosures included', () => {
    const lines = [...first, ...second];
    const v = verifyExport(lines);
    expect(v).toMatchObject({ valid: true, entries: 6, headSeq: 6, disclosures: 2, disclosuresUnchecked: 0 });
    const head: ExportHead = { seq: 6, hash: v.headHash, valid: true, exportedAt: 'now', segments: ['a', 'b'] };
    expect(checkHead(head, v).valid).toBe(true);
    // As public now, the segments read like one full export written now (every hash unchanged).
    expect(withLaterDisclosures(lines)).toEqual(through(exportAll(entries)));
  });

  it('verifies one segment against the head hash kept before it', () => {
    const prev = entries[2]?.hash as string;
    expect(verifyExport(second, { seq: 3, hash: prev })).toMatchObject({
      valid: true,
      entries: 3,
      headSeq: 6,
      disclosures: 0,
      disclosuresUnchecked: 2,
    });
    expect(verifyExport(second, { seq: 3, hash: 'f'.repeat(64) }).firstBroken).toMatchObject({
      seq: 4,
      reason: expect.stringMatching(/prevHash/),
    });
    // From genesis, a later segment alone is an entry missing.
    expect(verifyExport(second).firstBroken).toMatchObject({ seq: 1, reason: expect.stringMatching(/missing/) });
  });

  it('names the entry of a later disclosure that does not check out', () => {
    const forge = (change: (d: ExportedDisclosure) => void) =>
      verifyExport([
        ...first,
        ...second.map((l) => {
          if (!('discloses' in (l as object))) return l;
          const d = structuredClone(l) as ExportedDisclosure;
          if (d.discloses === 2) change(d);
          return d;
        }),
      ]).firstBroken;
    expect(forge((d) => (d.details.dataset = 'other-data'))).toMatchObject({
      seq: 2,
      reason: expect.stringMatching(/details\.dataset .*commitment \(the later disclosure was altered\)/),
    });
    expect(forge((d) => (d.discloses = 9))).toMatchObject({ seq: 9, reason: expect.stringMatching(/does not hold/) });
    expect(forge((d) => delete d.salts.subject)).toMatchObject({ seq: 2, reason: expect.stringMatching(/salt/) });
    expect(forge((d) => Object.assign(d, { extra: 1 }))).toMatchObject({
      seq: 2,
      reason: expect.stringMatching(/malformed/),
    });
  });

  it('a head its segments do not end at, or that says the ledger was broken', () => {
    const v = verifyExport([...first, ...second]);
    const head: ExportHead = { seq: 6, hash: v.headHash, valid: true, exportedAt: 'now', segments: [] };
    expect(checkHead({ ...head, seq: 7 }, v).firstBroken?.reason).toMatch(/segments end at entry 6/);
    expect(checkHead({ ...head, hash: 'f'.repeat(64) }, v).valid).toBe(false);
    expect(checkHead({ ...head, valid: false }, v).firstBroken?.reason).toMatch(/broken after entry 6/);
  });
});
