import type { AuditEntry } from './audit-entry.ts';

/**
 * What the public export of the ledger discloses of a format-2 entry; every other field is published
 * as its commitment only. Disclosed values end up in write-once files, so only what stays public for
 * good is disclosed: what is undisclosed today may be disclosed by a later export, never the reverse.
 *
 * - actor: only the platform itself (`system:…`). Staff ids are personal data; the action says which
 *   role acted (e.g. only an approver of the department can approve).
 * - subject and details: per action (RULES). Releases and dataset versions once a version was published
 *   (a withdrawal is a public act, so a withdrawn version stays disclosed); data requests, which are
 *   public from the moment they are sent. Never: role changes (the staff list), API keys, feedback
 *   (moderation can hide an item again; privacy concerns are never shown), releases never published
 *   (a rejected dataset's id stays private). Of details, only the listed members: never the staff ids
 *   they carry (submittedBy, approvedBy, signedOffBy) nor free text written before publication.
 * - an action not listed discloses nothing but a system actor (a new action is private until it is
 *   given a rule here).
 */
export interface Disclosure {
  readonly actor: boolean;
  readonly subject: boolean;
  /** Names of the details members disclosed (only when the subject is). */
  readonly details: readonly string[];
}

/** What is public on the platform, as the ledger itself records it (publicFacts). */
export interface PublicFacts {
  /** Ids of releases that produced a published version (withdrawn since or not). */
  readonly releases: ReadonlySet<string>;
  /** Subjects `dataset/<id>/v<n>` of versions that were published (withdrawn since or not). */
  readonly versions: ReadonlySet<string>;
}

/** When the subject (and so the listed details) is public. */
type SubjectRule = 'published-release' | 'published-version' | 'always' | 'never';

const CHECKS = ['valid', 'total', 'counts', 'breaking'];
const RULES: Readonly<Record<string, { subject: SubjectRule; details: readonly string[] }>> = {
  'release.created': {
    subject: 'published-release',
    details: ['dataset', 'department', 'manifestSha256', 'dataSha256'],
  },
  'release.submitted': { subject: 'published-release', details: ['trigger'] },
  'release.checks-passed': { subject: 'published-release', details: CHECKS },
  'release.checks-failed': { subject: 'published-release', details: CHECKS },
  'release.checks-error': { subject: 'published-release', details: ['kind', 'attempts'] },
  // The exceptions (field, detector, count) are in the published validation report too.
  'release.signed-off': { subject: 'published-release', details: ['dataset', 'exceptions'] },
  'release.approved': { subject: 'published-release', details: ['dataset'] },
  // A rejected release is never published; were it to be, its reason is a reviewer's free text.
  'release.rejected': { subject: 'published-release', details: ['dataset'] },
  'release.publication-failed': { subject: 'published-release', details: ['dataset', 'status', 'reason'] },
  'release.published': { subject: 'published-version', details: ['release', 'dataset', 'version', 'breaking'] },
  // The reason is what downloads of the version answer (410) to anyone.
  'version.withdrawn': { subject: 'published-version', details: ['release', 'reason'] },
  'scorecards.published': { subject: 'published-version', details: ['dataset', 'version', 'date', 'trigger'] },
  // That the directory changed is public; who holds which role is not.
  'roles.changed': { subject: 'always', details: [] },
  // As the request's public page shows it (its status, department and link).
  'request.status-changed': {
    subject: 'always',
    details: ['from', 'to', 'department', 'tookOver', 'previousDepartment', 'link'],
  },
  'api-key.issued': { subject: 'never', details: [] },
  'api-key.revoked': { subject: 'never', details: [] },
  'feedback.moderated': { subject: 'never', details: [] },
  'feedback.replied': { subject: 'never', details: [] },
};

const RELEASE_SUBJECT = /^release\/(.+)$/;

export function disclosure(
  e: Pick<AuditEntry, 'action' | 'actor' | 'subject' | 'details'>,
  facts: PublicFacts,
): Disclosure {
  const rule = RULES[e.action] ?? { subject: 'never', details: [] };
  const subject = subjectIsPublic(rule.subject, e.subject, facts);
  return {
    actor: e.actor.startsWith('system:'),
    subject,
    details: subject ? rule.details.filter((k) => Object.hasOwn(e.details, k)) : [],
  };
}

function subjectIsPublic(rule: SubjectRule, subject: string, facts: PublicFacts): boolean {
  switch (rule) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'published-version':
      return facts.versions.has(subject);
    case 'published-release': {
      const id = RELEASE_SUBJECT.exec(subject)?.[1];
      return id !== undefined && facts.releases.has(id);
    }
  }
}

/**
 * The public facts the ledger records: a `release.published` entry names the version and its release
 * (written once the version is committed), a `scorecards.published` entry the platform's own version;
 * both are written by the platform (`system:pipeline`).
 */
export function publicFacts(entries: readonly AuditEntry[]): PublicFacts {
  const releases = new Set<string>();
  const versions = new Set<string>();
  for (const e of entries) {
    // Only the platform records publications.
    if (!e.actor.startsWith('system:')) continue;
    if (e.action === 'release.published') {
      versions.add(e.subject);
      if (typeof e.details.release === 'string') releases.add(e.details.release);
    }
    if (e.action === 'scorecards.published') versions.add(e.subject);
  }
  return { releases, versions };
}

/**
 * What every export must disclose of an entry, whatever else it shows: the platform's publications
 * (actor included: only the platform writes them), withdrawals (always of a published version), and the
 * entries public from the start. An export that withholds any of it (a mirror hiding a publication or a
 * withdrawal's reason, every hash intact) does not verify. Other entries depend on facts an export
 * could hide together with them (which releases were published), so they are not required.
 */
const ALWAYS_PUBLIC: Readonly<Record<string, { readonly actor: boolean }>> = {
  'release.published': { actor: true },
  'scorecards.published': { actor: true },
  'version.withdrawn': { actor: false },
  'roles.changed': { actor: false },
  'request.status-changed': { actor: false },
};

/** The fields of a format-2 export entry (after later disclosures) that every export must show and this one does not. */
export function withheldFromExport(e: {
  readonly action: string;
  readonly actor?: string | undefined;
  readonly subject?: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  readonly commitments: { readonly details: Readonly<Record<string, string>> };
}): string[] {
  const required = ALWAYS_PUBLIC[e.action];
  if (!required) return [];
  const missing: string[] = [];
  if (required.actor && e.actor === undefined) missing.push('actor');
  if (e.subject === undefined) missing.push('subject');
  for (const k of RULES[e.action]?.details ?? []) {
    if (Object.hasOwn(e.commitments.details, k) && !Object.hasOwn(e.details, k)) missing.push(`details.${k}`);
  }
  return missing;
}
