import { datasetFeed, datasetFeedPaths } from '../../../lib/feed-routes.ts';

/** A dataset's versions as a zh-CN Atom feed (English: /en/datasets/<id>/feed.xml). */
export const getStaticPaths = datasetFeedPaths;
export const GET = datasetFeed('zh-CN');
