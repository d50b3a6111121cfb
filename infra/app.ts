/**
 * Builds the platform's CDK app: the stateful (data) stack and the stateless (compute) stack, from the
 * validated configuration, with cdk-nag's AwsSolutions pack as a synthesis-time validation plugin.
 * Used by infra/bin/app.ts and by the tests (which may pass context and skip bundling).
 */
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig, type PlatformConfig } from './config.ts';
import { maxTimeoutFor, type ResolvedHandler, resolveHandlers } from './handler-table.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export interface PlatformApp {
  readonly app: App;
  readonly config: PlatformConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly nag: AwsSolutionsChecks;
}

export interface BuildOptions extends AppProps {
  readonly handlers?: readonly ResolvedHandler[];
}

export function buildApp(options: BuildOptions = {}): PlatformApp {
  const { handlers: given, ...appProps } = options;
  const handlers = given ?? resolveHandlers();
  const app = new App(appProps);
  const config = loadConfig(app.node);
  const env = config.account && config.region ? { account: config.account, region: config.region } : undefined;
  const prefix = `OpenData-${config.stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Data`, {
    config,
    ingestTimeoutSeconds: maxTimeoutFor('raw-uploads', handlers),
    ...(env ? { env } : {}),
    description:
      'opendata: buckets, catalogue table, keys and secret (retained; never destroyed by the stateless stack)',
    terminationProtection: true,
  });
  const stateless = new StatelessStack(app, `${prefix}-Compute`, {
    config,
    handlers,
    ...(env ? { env } : {}),
    description: 'opendata: functions, HTTP API, CloudFront, site rebuild, alarms (holds no data)',
  });
  stateless.addStackDependency(stateful);
  Tags.of(app).add('project', 'opendata');
  Tags.of(app).add('stage', config.stage);

  const nag = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(nag);
  return { app, config, stateful, stateless, nag };
}
