import { catalogFeed } from '../lib/feed-routes.ts';

/** The zh-CN Atom feed of new versions (English: /en/feed.xml). */
export const GET = catalogFeed('zh-CN');
