import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Powertools, one instance each per function. The logger is structured and carries request ids and
 * routes only: never query strings, bodies, tokens or client addresses (no personal data in logs).
 * Metrics are CloudWatch EMF (disabled locally by the platform); the tracer is active on Lambda only.
 */
// Outside Lambda (the local platform, tests, the CLI) there is no CloudWatch agent reading EMF from
// stdout and no X-Ray daemon: metrics and tracing are off unless explicitly enabled.
if (!process.env.AWS_LAMBDA_FUNCTION_NAME) {
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
}
const service = process.env.POWERTOOLS_SERVICE_NAME ?? 'opendata';
export const logger = new Logger({ serviceName: service });
export const metrics = new Metrics({
  serviceName: service,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'OpenData',
});
export const tracer = new Tracer({ serviceName: service });
