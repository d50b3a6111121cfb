import { datasetFeed, datasetFeedPaths } from '../../../../lib/feed-routes.ts';

/** A dataset's versions as an English Atom feed (zh-CN: /datasets/<id>/feed.xml). */
export const getStaticPaths = datasetFeedPaths;
export const GET = datasetFeed('en');
