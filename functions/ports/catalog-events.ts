/** Announces catalogue changes (AWS: an EventBridge event that triggers the site rebuild). */
export interface CatalogEvents {
  catalogPublished(detail: { snapshotKey: string; datasets: number }): Promise<void>;
}

/** Locally the platform rebuilds the site itself after publishing: nothing to announce. */
export const noCatalogEvents: CatalogEvents = { catalogPublished: async () => {} };
