import type { PublishedFileAccess } from '../../ports/published-file-access.ts';

/**
 * Locally there is no edge to open or close: the platform serves `/files/...` itself and asks the
 * catalogue first (functions/local/serve-file.ts, called with the catalogue lookup in
 * functions/local/platform.ts), so a withdrawn version's files answer 410 with the reason, and the
 * files of a publication in progress or one that failed 404. The catalogue is the gate: nothing to mark.
 */
export const catalogGatedFiles: PublishedFileAccess = {
  publish: async () => {},
  withdraw: async () => {},
  reconcile: async () => ({ opened: 0, closed: 0 }),
};
