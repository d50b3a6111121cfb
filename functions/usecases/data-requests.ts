import { conflict, notFound } from '../core/errors.ts';
import {
  changeStatus,
  DataRequest,
  DataRequestInput,
  requestStatusZh,
  StatusChange,
} from '../core/feedback/data-request.ts';
import { requireKnownDepartment } from '../core/feedback/department.ts';
import { refuseFilledHoneypot } from '../core/feedback/honeypot.ts';
import { refusePersonalData, urlAsText } from '../core/feedback/personal-data.ts';
import type { Principal } from '../core/release/principal.ts';
import { requireRole } from '../http/auth-guard.ts';
import { parseBody } from '../http/body-schema.ts';
import { ConditionFailedError } from '../ports/catalog-store.ts';
import type { Deps } from './deps.ts';
import { limitSubmission, newId, onceId } from './feedback-limits.ts';
import { appendAudit } from './release/audit-ledger.ts';

/** Data requests are documents `datarequest/<id>`; votes `datarequest-vote/<id>#<voter hash>`. */
export const REQUEST_KIND = 'datarequest';
export const VOTE_KIND = 'datarequest-vote';

/** Ids of the registered departments (the publishers registry; composed in wiring/departments.ts). */
export type DepartmentIds = () => Promise<readonly string[]>;

const REQUEST_HINT = {
  en:
    'remove it and send again: a request is public as soon as it is sent, and there is no private contact field; ' +
    "the department answers on the request's public page",
  zh: '请删除后重新提交：需求一经提交即公开，且没有私密的联系方式字段；部门会在该需求的公开页面上答复',
};
const STATUS_HINT = {
  en:
    'remove it and send again: the reason and the link are public (the link also in the audit export); ' +
    "link to the data's page and, for contact, to the department's contact page",
  zh: '请删除后重新提交：原因和链接都会公开（链接也会出现在审计导出中）；请链接到数据页面，联系方式请链接到部门的联系页面',
};

/**
 * Anyone may ask for a dataset. The text is public at once, so what looks like personal data is
 * refused (422); a named department must be registered (400 with the closest id).
 */
export async function createRequest(
  deps: Deps,
  body: unknown,
  client: { sourceIp: string },
  departments: DepartmentIds,
): Promise<DataRequest> {
  const input = parseBody(DataRequestInput, body ?? {});
  refuseFilledHoneypot(input.website);
  refusePersonalData(
    [
      { where: 'body.title', text: input.title },
      { where: 'body.description', text: input.description },
    ],
    REQUEST_HINT,
  );
  if (input.department) requireKnownDepartment(input.department, await departments());
  await limitSubmission(deps, client.sourceIp, 'request');
  const now = deps.clock.now();
  const at = now.toISOString();
  const r: DataRequest = {
    id: newId(now),
    title: input.title,
    description: input.description,
    ...(input.department ? { department: input.department } : {}),
    status: 'open',
    votes: 0,
    createdAt: at,
    updatedAt: at,
    history: [{ status: 'open', at, by: 'public' }],
  };
  await deps.catalog.putDoc(REQUEST_KIND, r.id, r, 0);
  return r;
}

/** Every request, most voted first (ties: newest first); optional status filter. */
export async function listRequests(deps: Deps, filter: { status?: string } = {}): Promise<DataRequest[]> {
  const docs = await deps.catalog.listDocs<unknown>(REQUEST_KIND);
  return docs
    .map((d) => DataRequest.parse(d.value))
    .filter((r) => !filter.status || r.status === filter.status)
    .sort((a, b) => b.votes - a.votes || b.createdAt.localeCompare(a.createdAt));
}

async function load(deps: Deps, id: string) {
  const doc = await deps.catalog.getDoc<unknown>(REQUEST_KIND, id);
  if (!doc) {
    throw notFound({
      detail: `no data request "${id}"`,
      hint: 'see GET /v1/requests',
      zh: { detail: `没有数据需求“${id}”`, hint: '请查看 GET /v1/requests' },
    });
  }
  return { value: DataRequest.parse(doc.value), revision: doc.revision };
}

export async function getRequest(deps: Deps, id: string): Promise<DataRequest> {
  return (await load(deps, id)).value;
}

async function update(deps: Deps, id: string, change: (r: DataRequest) => DataRequest): Promise<DataRequest> {
  for (let i = 0; i < 8; i++) {
    const { value, revision } = await load(deps, id);
    const next = change(value);
    try {
      await deps.catalog.putDoc(REQUEST_KIND, id, next, revision);
      return next;
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
    }
  }
  throw conflict({
    detail: `data request ${id} is being changed by others`,
    hint: 'retry',
    zh: { detail: `数据需求 ${id} 正在被他人修改`, hint: '请重试' },
  });
}

/** One vote per client and request (a keyed hash of the address marks the vote; 409 on a second). */
export async function voteForRequest(deps: Deps, id: string, client: { sourceIp: string }): Promise<DataRequest> {
  const current = await getRequest(deps, id);
  if (current.status === 'published' || current.status === 'declined') {
    throw conflict({
      detail: `request ${id} is ${current.status}: voting is closed`,
      zh: { detail: `需求 ${id} 的状态是${requestStatusZh(current.status)}：已停止投票` },
    });
  }
  await limitSubmission(deps, client.sourceIp, 'vote');
  const voter = await onceId(deps, 'vote', id, client.sourceIp);
  try {
    await deps.catalog.putDoc(VOTE_KIND, `${id}#${voter}`, { at: deps.clock.now().toISOString() }, 0);
  } catch (e) {
    if (e instanceof ConditionFailedError) {
      // The address, not the person: say so (a colleague behind the same office or carrier address voted).
      throw conflict({
        detail: 'a vote for this request was already counted from your network address',
        hint: 'votes are counted once per network address, so people behind one office, campus or mobile-carrier address share one vote',
        zh: {
          detail: '来自您所在网络地址的一票已经计入这条需求',
          hint: '每个网络地址只计一票：同一单位、校园或移动运营商出口地址后的用户共用这一票',
        },
        extensions: { votes: current.votes },
      });
    }
    throw e;
  }
  return update(deps, id, (r) => ({ ...r, votes: r.votes + 1 }));
}

/**
 * Sets the status: a member of the request's department (or of the department taking it over) or an
 * admin. `published` needs a link, `declined` a reason.
 */
export async function setRequestStatus(
  deps: Deps,
  p: Principal,
  id: string,
  body: unknown,
  departments: DepartmentIds,
): Promise<DataRequest> {
  const change = parseBody(StatusChange, body ?? {});
  // The link is published on the request and in the public audit export: a query string can carry a
  // person's number as well as a reason can, percent-encoded or not.
  refusePersonalData(
    [
      { where: 'body.reason', text: change.reason },
      { where: 'body.link', text: urlAsText(change.link) },
    ],
    STATUS_HINT,
  );
  if (change.department) requireKnownDepartment(change.department, await departments());
  const seen: { from?: DataRequest } = {};
  const next = await update(deps, id, (r) => {
    const department = r.department ?? change.department;
    if (r.department && change.department && change.department !== r.department) requireRole(p, 'admin');
    if (department) requireRole(p, 'department', department);
    else requireRole(p, 'admin');
    seen.from = r;
    // The public history names who acted as the platform or a department, never a member of staff
    // (the ledger keeps the principal, undisclosed in its public export).
    return changeStatus(r, change, p.admin ? 'platform' : department!, deps.clock.now().toISOString());
  });
  await auditStatusChange(deps, p.id, seen.from, next);
  return next;
}

/** The ledger records who moved which request where; no request text (the reason stays on the request). */
async function auditStatusChange(deps: Deps, actor: string, from: DataRequest | undefined, next: DataRequest) {
  await appendAudit(deps, {
    actor,
    action: 'request.status-changed',
    subject: `datarequest/${next.id}`,
    details: {
      from: from?.status,
      to: next.status,
      ...(next.department ? { department: next.department } : {}),
      ...(next.department && from?.department !== next.department
        ? { tookOver: true, ...(from?.department ? { previousDepartment: from.department } : {}) }
        : {}),
      ...(next.link ? { link: next.link } : {}),
    },
    // One entry per history step: a retried write that lost no step logs once.
    dedupeKey: `datarequest/${next.id}/status/${next.history.length}`,
  });
}
