import type { PublishedFileAccess } from '../../ports/published-file-access.ts';

/**
 * Locally there is no edge to close: the platform serves `/files/...` itself and asks the catalogue
 * first, so a withdrawn version's files already answer 410 (functions/local/serve-file.ts, called
 * with the catalogue lookup in functions/local/platform.ts). Nothing to mark.
 */
export const catalogGatedFiles: PublishedFileAccess = {
  withdraw: async () => {},
};
