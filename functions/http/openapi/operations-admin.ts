import { CACHE_HEADERS, NOT_MODIFIED, type Obj, problems, ref } from './operations-public.ts';
import { ID_PARAM, VERSION_PARAM } from './parameters.ts';

/**
 * Operations of the admin routes (API keys, releases, withdrawal, audit) and of the version diff.
 * Their handlers belong to other slices: the shapes here are deliberately loose (objects) until
 * those slices give their request and answer schemas; the test only demands every route is here.
 */

const anyJson = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const jsonBody = (description: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const OPAQUE_ID = (description: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const RELEASE_ID = OPAQUE_ID('Release id');

const publicationRefused = (description: string) => ({
  description: `${description}; the release is \`publication-failed\``,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

export const ADMIN_OPERATIONS: Record<string, Obj> = {
  'GET /v1/datasets/{id}/versions/{version}/diff': {
    operationId: 'diffVersions',
    tags: ['Catalogue'],
    summary: 'Changes of a version from another one (fields, rows, sample keys)',
    parameters: [
      ID_PARAM,
      VERSION_PARAM,
      {
        name: 'from',
        in: 'query',
        required: false,
        description: 'Version to compare with (default: the previous one)',
        schema: { type: 'string', pattern: '^[1-9][0-9]{0,9}$' },
      },
    ],
    responses: {
      '200': { ...anyJson('The diff'), headers: CACHE_HEADERS },
      ...NOT_MODIFIED,
      ...problems('BadRequest', 'NotFound'),
    },
  },
  'POST /v1/keys': {
    operationId: 'issueApiKey',
    tags: ['Admin'],
    summary: 'Issue an API key (shown once; stored only as a hash)',
    requestBody: jsonBody('Name, scopes, expiry and limits of the key'),
    responses: {
      '201': {
        ...anyJson('The new key'),
        headers: {
          Location: { description: '/v1/keys/{id}: the key (DELETE it to revoke the key)', schema: { type: 'string' } },
        },
      },
      ...problems('BadRequest', 'Unauthorized', 'Forbidden', 'UnsupportedMediaType'),
    },
  },
  'GET /v1/keys': {
    operationId: 'listApiKeys',
    tags: ['Admin'],
    summary: 'List API keys (without secrets)',
    responses: { '200': anyJson('The keys'), ...problems('Unauthorized', 'Forbidden') },
  },
  'DELETE /v1/keys/{id}': {
    operationId: 'revokeApiKey',
    tags: ['Admin'],
    summary: 'Revoke an API key',
    parameters: [OPAQUE_ID('API key id')],
    responses: { '200': anyJson('The revoked key'), ...problems('Unauthorized', 'Forbidden', 'NotFound') },
  },
  'POST /v1/releases': {
    operationId: 'createRelease',
    tags: ['Releases'],
    summary: 'Create a release: manifest and data files',
    description:
      'The release id is the idempotency key: the same id with the same content answers the same release (200), also once published; if its version was withdrawn since, the answer carries `versionWithdrawn` (reason, at, by), and releasing that content again takes a new release id. A file sent inline whose `contentBase64` is not base64 is refused (400, naming the file) before anything is stored.',
    requestBody: jsonBody('The manifest (YAML text) and files'),
    responses: {
      '201': anyJson('The release'),
      '200': anyJson('The release (already created)'),
      ...problems('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict', 'UnsupportedMediaType'),
    },
  },
  'GET /v1/releases': {
    operationId: 'listReleases',
    tags: ['Releases'],
    summary: 'List releases',
    responses: { '200': anyJson('The releases'), ...problems('Unauthorized', 'Forbidden') },
  },
  'GET /v1/releases/{id}': {
    operationId: 'getRelease',
    tags: ['Releases'],
    summary: 'A release with its validation and protection reports',
    description:
      'A published release whose version was withdrawn since stays `published` and carries `versionWithdrawn` (reason, at, by: the department or `platform`); so do the releases of `GET /v1/releases`.',
    parameters: [RELEASE_ID],
    responses: { '200': anyJson('The release'), ...problems('Unauthorized', 'Forbidden', 'NotFound') },
  },
  'POST /v1/releases/{id}/submit': {
    operationId: 'submitRelease',
    tags: ['Releases'],
    summary: 'Submit a release for review',
    parameters: [RELEASE_ID],
    responses: {
      '200': anyJson('The release'),
      ...problems('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
    },
  },
  'POST /v1/releases/{id}/approve': {
    operationId: 'approveRelease',
    tags: ['Releases'],
    summary: 'Approve a release (publishes a new version)',
    description:
      "An approver of the release's department who did not submit it. A release that publishes identity numbers (resident ID, bank card, passport) or a withheld column's values (`same-row-value`) under `piiExceptions` needs a platform sign-off first: a platform admin's call to this route records it (200, still `checks-passed`, `platformSignOff.by` set) and the department approves afterwards; a department approver calling before it gets 403. The approver calling again on a published release gets it back (200); if its version was withdrawn since, it carries `versionWithdrawn` (reason, at, by).",
    parameters: [RELEASE_ID],
    responses: {
      '200': anyJson('The release, published'),
      '202': anyJson(
        'The release, approved: its publication is queued (AWS); poll GET /v1/releases/{id} until it is `published` or `publication-failed`',
      ),
      ...problems('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
      // Publication refused for good (locally, where approval publishes at once): the release is now
      // `publication-failed` and keeps the refusal.
      '410': publicationRefused('A raw file of the release is no longer kept (retention): not published'),
      '422': publicationRefused('The data no longer passes its checks (`issues` lists the first ones): not published'),
    },
  },
  'POST /v1/releases/{id}/reject': {
    operationId: 'rejectRelease',
    tags: ['Releases'],
    summary: 'Reject a release with a reason',
    parameters: [RELEASE_ID],
    requestBody: jsonBody('{"reason": "…"}'),
    responses: {
      '200': anyJson('The release'),
      ...problems('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'UnsupportedMediaType'),
    },
  },
  'POST /v1/datasets/{id}/versions/{version}/withdraw': {
    operationId: 'withdrawVersion',
    tags: ['Releases'],
    summary: 'Withdraw a published version with a reason (it then answers 410)',
    description:
      'Downloads and queries of the version answer 410; in AWS its files also stop being served (`/files/...` and presigned URLs answer 403, CDN copies are invalidated); no byte is deleted. The reason is public for good (the 410 answers, the site, the write-once public audit ledger export): one holding what looks like personal data is refused (422). Calling again as the party that withdrew it resumes an interrupted withdrawal (200); anyone else gets 409.',
    parameters: [ID_PARAM, VERSION_PARAM],
    requestBody: jsonBody('{"reason": "…"}'),
    responses: {
      '200': anyJson('The withdrawn version'),
      ...problems('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'UnsupportedMediaType'),
      '422': {
        description:
          'The reason holds what looks like personal data (`personalData` names the kinds, never the value): nothing was withdrawn',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
    },
  },
  'GET /v1/audit/verify': {
    operationId: 'verifyAuditLedger',
    tags: ['Releases'],
    summary: 'Verify the hash chain of the audit ledger',
    responses: { '200': anyJson('The ledger is intact'), '409': anyJson('The ledger is broken'), ...problems() },
  },
};
