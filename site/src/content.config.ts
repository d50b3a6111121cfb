import { defineCollection } from 'astro:content';
import { catalogMetaLoader, datasetsLoader } from './loader/snapshot-loader.ts';

/**
 * The catalogue, loaded from the snapshot the pipeline writes and validated with the shared
 * `CatalogSnapshot` zod schema (functions/core/catalog/schema.ts) inside the loader.
 */
export const collections = {
  datasets: defineCollection({ loader: datasetsLoader() }),
  catalog: defineCollection({ loader: catalogMetaLoader() }),
};
