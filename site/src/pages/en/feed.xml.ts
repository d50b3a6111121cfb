import { catalogFeed } from '../../lib/feed-routes.ts';

/** The English Atom feed of new versions (zh-CN: /feed.xml). */
export const GET = catalogFeed('en');
