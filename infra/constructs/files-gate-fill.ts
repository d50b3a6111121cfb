import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct, type IDependable } from 'constructs';
import { acknowledge } from '../nag.ts';

/**
 * The maintenance function's task that makes the files gate list every published version
 * (functions/handlers/maintenance.ts MAINTENANCE_TASKS).
 */
export const FILES_GATE_SYNC_TASK = 'files-gate-sync';
/**
 * The hourly task of the same function (infra/handler-table.ts, CatalogSnapshotRefresh): reconciles the
 * files gate, then writes the catalogue snapshot when it is missing or changed, announcing
 * CatalogPublished (site rebuild), then queues stalled publications again.
 */
export const SNAPSHOT_REFRESH_TASK = 'catalog-snapshot-refresh';

/**
 * Fills the files gate at deploy time. A new key value store starts empty, and until it lists the
 * published versions `/files/` answers 404 for every one of them: on the first deploy of a stage, and
 * on every new compute stack (destroy and redeploy). This custom resource queues the maintenance
 * function's `files-gate-sync` task (an asynchronous invoke: the deployment does not wait for it)
 * whenever the store is created or replaced — its physical id is the store's ARN — and never on other
 * updates; the hourly run keeps repairing the gate afterwards.
 *
 * When the stack is created it also queues that function's hourly catalogue snapshot refresh, with the
 * payload the schedule sends: a new stage has no snapshot, so the refresh writes the first one and its
 * CatalogPublished event builds the site at once rather than within the hour. The event needs the site
 * rebuild's rule: the stack passes the rule and its project to `runAfter` (infra/stacks/stateless-stack.ts;
 * test/infra/files-gate-fill.test.ts checks the template's DependsOn).
 */
export class FilesGateFill extends Construct {
  private readonly snapshotRefresh: AwsCustomResource;

  constructor(
    scope: Construct,
    id: string,
    props: {
      /** The maintenance function: it reconciles the gate (files:reconcile) and runs the hourly refresh. */
      maintenance: lambda.IFunction;
      keyValueStoreArn: string;
    },
  ) {
    super(scope, id);
    const invoke = {
      service: 'Lambda',
      action: 'invoke',
      parameters: {
        FunctionName: props.maintenance.functionName,
        InvocationType: 'Event',
        // The store's ARN in the payload too: a replaced store changes the parameters, so the
        // update runs the task again.
        Payload: JSON.stringify({ task: FILES_GATE_SYNC_TASK, store: props.keyValueStoreArn }),
      },
      physicalResourceId: PhysicalResourceId.of(props.keyValueStoreArn),
    };
    const fill = new AwsCustomResource(this, 'Invoke', {
      onCreate: invoke,
      onUpdate: invoke,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.maintenance.functionArn] }),
      ]),
      installLatestAwsSdk: false,
    });
    fill.node.addDependency(props.maintenance);

    const refresh = {
      service: 'Lambda',
      action: 'invoke',
      parameters: {
        FunctionName: props.maintenance.functionName,
        InvocationType: 'Event',
        Payload: JSON.stringify({ task: SNAPSHOT_REFRESH_TASK }),
      },
      physicalResourceId: PhysicalResourceId.of(SNAPSHOT_REFRESH_TASK),
    };
    // On create only: later refreshes are the schedule's.
    this.snapshotRefresh = new AwsCustomResource(this, 'RefreshSnapshot', {
      onCreate: refresh,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.maintenance.functionArn] }),
      ]),
      installLatestAwsSdk: false,
    });
    this.snapshotRefresh.node.addDependency(props.maintenance);
  }

  /**
   * The first snapshot refresh is queued only once these exist (the site rebuild's rule and project);
   * the gate's fill does not wait for them.
   */
  runAfter(...dependencies: IDependable[]): void {
    this.snapshotRefresh.node.addDependency(...dependencies);
  }
}

/**
 * cdk-nag findings of CDK's singleton AwsCustomResource function (one per stack, created by the first
 * AwsCustomResource), acknowledged where it lives.
 */
export function acknowledgeCustomResourceProvider(stack: Construct): void {
  const provider = stack.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
  if (!provider) return;
  acknowledge(
    provider,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "CDK's AwsCustomResource provider (queues the files-gate sync at deploy time); CDK creates its role with the basic execution policy, and it runs only during deployments.",
  );
  acknowledge(
    provider,
    'AwsSolutions-L1',
    "CDK's AwsCustomResource provider: its runtime is chosen by the CDK release, not by this app, and it runs only during deployments.",
  );
}
