import type { ReleaseState, ReleaseView } from '../core/release/release.ts';
import { callApi, printProblem } from './api-client.ts';
import type { CliIo } from './io.ts';

/**
 * Polls a release while it is in one of the `pending` states (backing off from 0.2 s to 5 s), for at
 * most OPENDATA_WAIT_SECONDS (default 900); returns it as it then is, or undefined after printing the
 * problem the API answered.
 */
export async function waitForRelease(
  io: CliIo,
  id: string,
  pending: ReadonlySet<ReleaseState>,
): Promise<ReleaseView | undefined> {
  const limitMs = Number(io.env.OPENDATA_WAIT_SECONDS ?? 900) * 1000;
  const started = Date.now();
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    const a = await callApi(io, 'GET', `/v1/releases/${encodeURIComponent(id)}`);
    if (a.status >= 300) {
      printProblem(io, a);
      return undefined;
    }
    const r = a.body as unknown as ReleaseView;
    if (!pending.has(r.state) || Date.now() - started > limitMs) return r;
    await new Promise((res) => setTimeout(res, delay));
  }
}
