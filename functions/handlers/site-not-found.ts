import middy from '@middy/core';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { logger, tracing } from '../http/observability.ts';
import { NOT_FOUND_MAX_AGE_SECONDS, siteNotFound } from '../usecases/site-not-found.ts';
import { getSiteNotFoundDeps } from '../wiring/site-not-found-deps.ts';

/** Short: a page published a minute later must not stay hidden behind a cached 404. */
export const NOT_FOUND_CACHE_CONTROL = `public, max-age=${NOT_FOUND_MAX_AGE_SECONDS}`;

/**
 * The site's fallback origin in AWS (infra/constructs/distribution.ts): CloudFront calls this function
 * URL when the site bucket answers 403 or 404, with the same request (its path already rewritten to
 * `…/index.html` by the viewer-request function). The answer is the site's not-found page in the path's
 * language, status 404.
 */
async function notFound(event: LambdaFunctionURLEvent): Promise<LambdaFunctionURLResult> {
  const answer = await siteNotFound(getSiteNotFoundDeps(), event.rawPath || '/');
  if (answer.source === 'built-in') {
    logger.warn('site not-found page unavailable: built-in page sent', { key: answer.key, problem: answer.problem });
  }
  return {
    statusCode: 404,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': NOT_FOUND_CACHE_CONTROL },
    body: answer.html,
  };
}

export const handler = middy<LambdaFunctionURLEvent, LambdaFunctionURLResult>(notFound).use(tracing);
