import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startCommunityPlatform } from './feedback-support.ts';

let p: Awaited<ReturnType<typeof startCommunityPlatform>>;
beforeAll(async () => {
  p = await startCommunityPlatform();
});
afterAll(async () => p?.cleanup());

const create = (body: Record<string, unknown>) => call(p.url, '/v1/requests', { body });

describe('data requests reach the catalogue snapshot (the site) between publications', () => {
  it('rewrites the snapshot once a request or vote changed it, and only then (the hourly task in AWS)', async () => {
    const { refreshSnapshotIfChanged } = await import('../../functions/usecases/build-snapshot.ts');
    const { handler } = await import('../../functions/handlers/maintenance.ts');
    await refreshSnapshotIfChanged(p.deps);
    expect((await refreshSnapshotIfChanged(p.deps)).changed).toBe(false); // nothing changed since
    // Through the use case from another address: the API's per-address limit belongs to the tests below.
    const { createRequest } = await import('../../functions/usecases/data-requests.ts');
    const { registeredDepartments } = await import('../../functions/wiring/departments.ts');
    const created = await createRequest(
      p.deps,
      {
        title: 'Street lights per district',
        description: 'Number and type of street lights per district, yearly.',
        department: 'demo-transport',
      },
      { sourceIp: '203.0.113.77' },
      registeredDepartments(),
    );
    const r = { body: created };
    // The maintenance function's hourly task does the same in AWS: the files gate first (nothing to
    // repair here), then the snapshot, then stalled publications (none without a queue).
    expect(await handler({ task: 'catalog-snapshot-refresh' })).toMatchObject({
      gate: { opened: 0, closed: 0 },
      changed: true,
      resumed: [],
    });
    const snapshot = JSON.parse(
      Buffer.from((await p.deps.blobs.readBytes('catalog/snapshot.json')) ?? new Uint8Array()).toString('utf8'),
    ) as { community?: { requests?: Array<{ id: string }> } };
    expect(snapshot.community?.requests?.map((x) => x.id)).toContain(r.body.id);
    expect((await refreshSnapshotIfChanged(p.deps)).changed).toBe(false);
  });
});

describe('data requests API', () => {
  it('lets anyone create a request (HTML stripped, validated)', async () => {
    const r = await create({
      title: 'Bus punctuality <b>per line</b>',
      description: 'Monthly on-time share per bus line since 2020, as CSV.',
      department: 'demo-transport',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ title: 'Bus punctuality per line', status: 'open', votes: 0 });
    expect((await create({ title: 'x', description: 'short' })).status).toBe(400);
    const list = await call(p.url, '/v1/requests');
    expect(list.body.requests.map((x: { id: string }) => x.id)).toContain(r.body.id);
  });

  it('counts one vote per client', async () => {
    const r = await create({
      title: 'School catchment areas',
      description: 'Boundaries of every primary school catchment.',
    });
    const v1 = await call(p.url, `/v1/requests/${r.body.id}/votes`, { method: 'POST' });
    expect(v1.status).toBe(200);
    expect(v1.body.votes).toBe(1);
    const v2 = await call(p.url, `/v1/requests/${r.body.id}/votes`, { method: 'POST' });
    expect(v2.status).toBe(409);
    expect((await call(p.url, `/v1/requests/${r.body.id}`)).body.votes).toBe(1);
  });

  it('lets only the department or an admin set the status; published needs a link, declined a reason', async () => {
    const r = await create({
      title: 'Hourly rainfall per station',
      description: 'Hourly rainfall of every gauge station.',
      department: 'demo-meteorology',
    });
    const path = `/v1/requests/${r.body.id}/status`;
    expect((await call(p.url, path, { method: 'PUT', body: { status: 'planned' } })).status).toBe(401);
    expect((await call(p.url, path, { method: 'PUT', token: 'carol', body: { status: 'planned' } })).status).toBe(403);
    const planned = await call(p.url, path, { method: 'PUT', token: 'bob', body: { status: 'planned' } });
    expect(planned.status).toBe(200);
    expect(planned.body.status).toBe('planned');
    expect((await call(p.url, path, { method: 'PUT', token: 'bob', body: { status: 'published' } })).status).toBe(400);
    const pub = await call(p.url, path, {
      method: 'PUT',
      token: 'bob',
      body: { status: 'published', link: '/datasets/seattle-weather/' },
    });
    expect(pub.body).toMatchObject({ status: 'published', link: '/datasets/seattle-weather/' });
    expect((await call(p.url, `/v1/requests/${r.body.id}/votes`, { method: 'POST' })).status).toBe(409);

    const other = await create({ title: 'Everything about everyone', description: 'All personal records, please.' });
    const opath = `/v1/requests/${other.body.id}/status`;
    // No department named: a department member cannot decide alone unless it takes the request over.
    expect(
      (await call(p.url, opath, { method: 'PUT', token: 'bob', body: { status: 'declined', reason: 'no' } })).status,
    ).toBe(403);
    expect((await call(p.url, opath, { method: 'PUT', token: 'admin', body: { status: 'declined' } })).status).toBe(
      400,
    );
    const declined = await call(p.url, opath, {
      method: 'PUT',
      token: 'admin',
      body: { status: 'declined', reason: 'Personal data cannot be opened.' },
    });
    expect(declined.body).toMatchObject({ status: 'declined', reason: 'Personal data cannot be opened.' });
    // The public history says which department or the platform acted, never a member of staff.
    const history = (await call(p.url, `/v1/requests/${r.body.id}`)).body.history as { by: string }[];
    expect(history.map((h) => h.by)).toEqual(['public', 'demo-meteorology', 'demo-meteorology']);
    const otherHistory = (await call(p.url, `/v1/requests/${other.body.id}`)).body.history as { by: string }[];
    expect(otherHistory.map((h) => h.by)).toEqual(['public', 'platform']);
  });

  it('works as a plain HTML form', async () => {
    const r = await call(p.url, '/v1/requests', {
      form: { title: 'Parking spaces', description: 'Public parking spaces with capacity.', returnTo: '/en/requests/' },
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/en/requests/?sent=request');
  });
});
