import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the functions made to a service without a local stand-in. */
export interface FakeAwsCall {
  /** `X-Amz-Target` for JSON protocols (e.g. `AWSEvents.PutEvents`), `SNS.<Action>` for SNS. */
  readonly target: string;
  readonly body: Record<string, unknown>;
  /** Who called: the `<caller>` of an endpoint URL `<endpoint>/fn/<caller>` (see `endpointFor`). */
  readonly caller?: string;
}

/** The IAM action of a recorded call (`AWSEvents.PutEvents` → `events:PutEvents`). */
export function iamAction(target: string): string {
  const [service = '', operation = ''] = target.split('.');
  const prefixes: Record<string, string> = {
    secretsmanager: 'secretsmanager',
    AWSEvents: 'events',
    AWSGlue: 'glue',
    AmazonSQS: 'sqs',
    AmazonAthena: 'athena',
    SNS: 'sns',
    CloudFront: 'cloudfront',
    CloudFrontKeyValueStore: 'cloudfront-keyvaluestore',
    CodeBuild_20161006: 'codebuild',
  };
  const prefix = prefixes[service];
  if (!prefix) throw new Error(`fake AWS: no IAM service for ${target}`);
  return `${prefix}:${operation}`;
}

export interface FakeAws {
  readonly endpoint: string;
  /** The endpoint for one caller's SDK clients (AWS_ENDPOINT_URL): its calls are recorded as its own. */
  endpointFor(caller: string): string;
  readonly calls: FakeAwsCall[];
  /**
   * The CloudFront KeyValueStore data plane (the files gate): entries by key, as the functions wrote
   * them. Its SDK client prefixes the endpoint's host with the store's account id
   * (`<account>.localhost`), so it is reached through `kvsEndpointFor`, a `localhost` URL.
   */
  readonly kvs: Map<string, string>;
  kvsEndpointFor(caller: string): string;
  stop(): Promise<void>;
}

const read = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/**
 * The AWS services the platform calls that have no embedded stand-in here (Secrets Manager,
 * EventBridge, Glue, SQS, SNS, CloudFront invalidations and its KeyValueStore, Athena executions, CodeBuild starts), answered the way AWS answers them (the SDK parses these replies),
 * each call recorded. The functions reach it through `AWS_ENDPOINT_URL`, as they would a VPC endpoint.
 */
export async function startFakeAws(options: { secretString: string }): Promise<FakeAws> {
  const calls: FakeAwsCall[] = [];
  /** Athena executions: the text is kept, as Athena keeps it (the platform reads its job label back). */
  const executions = new Map<string, { query: string; workgroup: string; submitted: number }>();
  const kvs = new Map<string, string>();
  let kvsEtag = 1;
  const server: Server = createServer(async (req, res) => {
    const text = await read(req);
    const prefix = /^\/fn\/([^/]+)/.exec(req.url ?? '');
    const caller = prefix?.[1];
    const path = prefix ? (req.url ?? '').slice(prefix[0].length) || '/' : (req.url ?? '/');
    const target = String(req.headers['x-amz-target'] ?? '');
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(value));
    };
    // CloudFront KeyValueStore (REST-JSON): every write names the store's current ETag (If-Match).
    const store = /^\/key-value-stores\/([^/]+)(\/keys(?:\/([^/]+))?)?$/.exec(path.split('?')[0] ?? '');
    if (store) {
      const key = store[3] === undefined ? undefined : decodeURIComponent(store[3]);
      const fail = (status: number, type: string) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
        res.end(JSON.stringify({ Message: `fake AWS: ${type}` }));
      };
      const ok = (value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(200, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      const counts = { ItemCount: kvs.size, TotalSizeInBytes: [...kvs].join('').length };
      const op = !store[2]
        ? 'DescribeKeyValueStore'
        : key === undefined
          ? req.method === 'POST'
            ? 'UpdateKeys'
            : 'ListKeys'
          : req.method === 'PUT'
            ? 'PutKey'
            : 'GetKey';
      calls.push({
        target: `CloudFrontKeyValueStore.${op}`,
        body: { KvsARN: decodeURIComponent(store[1] ?? ''), Key: key },
        caller,
      });
      if (op === 'DescribeKeyValueStore') {
        return ok(
          { KvsARN: decodeURIComponent(store[1] ?? ''), Created: Date.now() / 1000, ...counts },
          { etag: `E${kvsEtag}` },
        );
      }
      if (op === 'ListKeys') return ok({ Items: [...kvs].map(([Key, Value]) => ({ Key, Value })) });
      if (op === 'GetKey') {
        const value = kvs.get(key ?? '');
        return value === undefined ? fail(404, 'ResourceNotFoundException') : ok({ Key: key, Value: value, ...counts });
      }
      if (req.headers['if-match'] !== `E${kvsEtag}`) return fail(409, 'ConflictException');
      if (op === 'UpdateKeys') {
        // All or nothing, at most 50 keys (the service's limit).
        const batch = JSON.parse(text) as {
          Puts?: Array<{ Key: string; Value: string }>;
          Deletes?: Array<{ Key: string }>;
        };
        if ((batch.Puts?.length ?? 0) + (batch.Deletes?.length ?? 0) > 50) return fail(400, 'ValidationException');
        for (const p of batch.Puts ?? []) kvs.set(p.Key, p.Value);
        for (const d of batch.Deletes ?? []) kvs.delete(d.Key);
        kvsEtag++;
        return ok({ ItemCount: kvs.size, TotalSizeInBytes: 0 }, { etag: `E${kvsEtag}` });
      }
      kvs.set(key ?? '', String((JSON.parse(text) as { Value: string }).Value));
      kvsEtag++;
      return ok({ ItemCount: kvs.size, TotalSizeInBytes: 0 }, { etag: `E${kvsEtag}` });
    }
    const invalidation = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation$/.exec(path);
    if (invalidation && req.method === 'POST') {
      // CloudFront's REST-XML API: the paths are in the XML body.
      const paths = [...text.matchAll(/<Path>([^<]*)<\/Path>/g)].map((m) => m[1]);
      calls.push({ target: 'CloudFront.CreateInvalidation', body: { DistributionId: invalidation[1], paths }, caller });
      const id = `I${randomUUID().replaceAll('-', '').slice(0, 13).toUpperCase()}`;
      res.writeHead(201, { 'content-type': 'text/xml', location: `${path}/${id}` });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>${id}</Id><Status>InProgress</Status><CreateTime>${new Date().toISOString()}</CreateTime>${text.replace(/^<\?xml[^>]*>/, '').replace(/ xmlns="[^"]*"/, '')}</Invalidation>`,
      );
      return;
    }
    if (!target) {
      // SNS speaks the query protocol: a form body, an XML reply.
      const form = Object.fromEntries(new URLSearchParams(text));
      calls.push({ target: `SNS.${form.Action}`, body: form, caller });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<${form.Action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><${form.Action}Result><MessageId>${randomUUID()}</MessageId></${form.Action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${form.Action}Response>`,
      );
      return;
    }
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    calls.push({ target, body, caller });
    switch (target) {
      case 'secretsmanager.GetSecretValue':
        return json(200, { ARN: body.SecretId, Name: 'pseudonym', SecretString: options.secretString });
      case 'AWSEvents.PutEvents': {
        const entries = (body.Entries as unknown[]) ?? [];
        return json(200, { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) });
      }
      case 'AWSGlue.CreateTable':
        return json(200, {});
      case 'CodeBuild_20161006.StartBuild':
        return json(200, { build: { id: `${body.projectName}:${randomUUID()}`, buildStatus: 'IN_PROGRESS' } });
      case 'AmazonSQS.SendMessage':
        return json(200, {
          MessageId: randomUUID(),
          MD5OfMessageBody: createHash('md5')
            .update(String(body.MessageBody ?? ''))
            .digest('hex'),
        });
      case 'AmazonSQS.ChangeMessageVisibility':
        return json(200, {});
      case 'AmazonAthena.StartQueryExecution': {
        const id = randomUUID();
        executions.set(id, {
          query: String(body.QueryString),
          workgroup: String(body.WorkGroup),
          submitted: Date.now() / 1000,
        });
        return json(200, { QueryExecutionId: id });
      }
      case 'AmazonAthena.GetQueryExecution': {
        const e = executions.get(String(body.QueryExecutionId));
        if (!e) return json(400, { __type: 'InvalidRequestException', Message: 'QueryExecution not found' });
        return json(200, {
          QueryExecution: {
            QueryExecutionId: body.QueryExecutionId,
            Query: e.query,
            WorkGroup: e.workgroup,
            Status: { State: 'SUCCEEDED', SubmissionDateTime: e.submitted, CompletionDateTime: e.submitted + 1 },
            ResultConfiguration: { OutputLocation: `s3://athena-results/${body.QueryExecutionId}.csv` },
          },
        });
      }
      default:
        return json(400, { __type: 'UnknownOperationException', message: `fake AWS: ${target} is not answered` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    endpointFor: (caller) => `http://127.0.0.1:${port}/fn/${caller}`,
    kvsEndpointFor: (caller) => `http://localhost:${port}/fn/${caller}`,
    kvs,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
