import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { localCredentials } from './dynamodb.js';
import { type LocalAwsServer, listenLocal } from './listen-local.js';

export type Ec2InstanceState =
  | 'pending'
  | 'running'
  | 'shutting-down'
  | 'terminated'
  | 'stopping'
  | 'stopped';

export interface Ec2Instance {
  instanceId: string;
  imageId: string;
  instanceType: string;
  state: Ec2InstanceState;
  availabilityZone: string;
  launchTime: Date;
  privateIpAddress: string;
  tags: Record<string, string>;
}

export interface Ec2Failure {
  /** Only this action fails (every action when omitted). */
  action?: string;
  /** How many calls fail before the server answers normally again. */
  count: number;
  /** EC2 error code; default `RequestLimitExceeded`. */
  code?: string;
  /** HTTP status; default 503 for throttling/unavailable codes, 400 otherwise. */
  status?: number;
  message?: string;
}

export interface Ec2Options {
  region?: string;
  accountId?: string;
  /** Instances DescribeInstances and DescribeTags see; RunInstances appends to them. */
  instances?: Array<Partial<Ec2Instance> & { instanceId: string }>;
  /** Calls that fail first, in order (for retry tests). */
  failures?: Ec2Failure[];
  /** Actions answered with 403 `UnauthorizedOperation` (`true`: every action). */
  unauthorized?: boolean | string[];
  /** Delay before every response. */
  delayMs?: number;
}

export interface Ec2Request {
  action: string;
  params: Record<string, string>;
  /** The signed request's `Authorization` header (the server checks only that one is present). */
  authorization: string | undefined;
  status: number;
  requestId: string;
}

export interface LocalEc2 extends LocalAwsServer {
  /** The live instance list (RunInstances appends; tests may edit). */
  instances: Ec2Instance[];
  /** Every request, in order. */
  requests: Ec2Request[];
  /** Queues more failures (see {@link Ec2Failure}). */
  fail(failure: Ec2Failure): void;
  /** Sets which actions answer `UnauthorizedOperation`. */
  setUnauthorized(actions: boolean | string[]): void;
}

const NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const STATE_CODES: Record<Ec2InstanceState, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};
const SERVER_ERROR_CODES = new Set([
  'RequestLimitExceeded',
  'Unavailable',
  'ServiceUnavailable',
  'InternalError',
]);

class Ec2Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * Starts a local server speaking the EC2 Query protocol (form-encoded `Action=...` POSTs, XML in the
 * EC2 namespace with `<requestId>`, errors as `<Response><Errors>...` with EC2's status codes) for
 * `DescribeTags`, `DescribeInstances` and `RunInstances`, on port 0.
 */
export async function startEc2(options: Ec2Options = {}): Promise<LocalEc2> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const instances: Ec2Instance[] = (options.instances ?? []).map((i, n) => makeInstance(region, n, i));
  const failures: Ec2Failure[] = [...(options.failures ?? [])];
  let unauthorized = options.unauthorized ?? false;
  const requests: Ec2Request[] = [];

  const handle = (action: string, params: Record<string, string>): string => {
    const isUnauthorized =
      unauthorized === true || (Array.isArray(unauthorized) && unauthorized.includes(action));
    if (isUnauthorized) {
      throw new Ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    }
    const failure = failures.find((f) => f.count > 0 && (f.action === undefined || f.action === action));
    if (failure) {
      failure.count--;
      const code = failure.code ?? 'RequestLimitExceeded';
      const status =
        failure.status ?? (SERVER_ERROR_CODES.has(code) ? (code === 'InternalError' ? 500 : 503) : 400);
      throw new Ec2Error(code, failure.message ?? defaultMessage(code), status);
    }
    switch (action) {
      case 'DescribeTags':
        return describeTags(instances, params);
      case 'DescribeInstances':
        return describeInstances(instances, params, accountId);
      case 'RunInstances':
        return runInstances(instances, params, region, accountId);
      default:
        throw new Ec2Error('InvalidAction', `The action ${action} is not valid for this web service.`);
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const requestId = randomUUID();
        const record: Ec2Request = {
          action: params.Action ?? '',
          params,
          authorization: req.headers.authorization,
          status: 200,
          requestId,
        };
        requests.push(record);
        let status = 200;
        let body: string;
        try {
          if (req.method !== 'POST') throw new Ec2Error('InvalidAction', 'EC2 expects POST requests.');
          if (!record.authorization)
            throw new Ec2Error(
              'AuthFailure',
              'AWS was not able to validate the provided access credentials',
              401,
            );
          if (!params.Version)
            throw new Ec2Error('MissingParameter', 'The request must contain the parameter Version');
          body = `<?xml version="1.0" encoding="UTF-8"?>\n${handle(record.action, params).replace('<requestId/>', `<requestId>${requestId}</requestId>`)}`;
        } catch (err) {
          const e = err instanceof Ec2Error ? err : new Ec2Error('InternalError', String(err), 500);
          status = e.status;
          body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${esc(e.code)}</Code><Message>${esc(e.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
        }
        record.status = status;
        res.writeHead(status, {
          'content-type': 'text/xml;charset=UTF-8',
          'content-length': Buffer.byteLength(body),
          // EC2 repeats the request id in this header, which is where the SDK reads `$metadata.requestId`.
          'x-amzn-requestid': requestId,
          server: 'AmazonEC2',
        });
        res.end(body);
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  const { port, endpoint, close } = await listenLocal(server);
  return {
    endpoint,
    port,
    clientConfig: { endpoint, region, credentials: localCredentials },
    instances,
    requests,
    fail: (failure) => failures.push({ ...failure }),
    setUnauthorized: (actions) => {
      unauthorized = actions;
    },
    close,
  };
}

function makeInstance(region: string, n: number, init: Partial<Ec2Instance> = {}): Ec2Instance {
  return {
    instanceId: init.instanceId ?? `i-${randomBytes(9).toString('hex').slice(0, 17)}`,
    imageId: init.imageId ?? 'ami-0abcdef1234567890',
    instanceType: init.instanceType ?? 't3.micro',
    state: init.state ?? 'running',
    availabilityZone: init.availabilityZone ?? `${region}a`,
    launchTime: init.launchTime ?? new Date('2026-01-01T00:00:00.000Z'),
    privateIpAddress: init.privateIpAddress ?? `10.0.${Math.floor(n / 250)}.${(n % 250) + 4}`,
    tags: { ...init.tags },
  };
}

function defaultMessage(code: string): string {
  if (code === 'RequestLimitExceeded') return 'Request limit exceeded.';
  if (code === 'UnauthorizedOperation') return 'You are not authorized to perform this operation.';
  return `${code} (simulated)`;
}

/** `Prefix.1`, `Prefix.2`, ... as a list (the Query protocol's flattened lists). */
function list(params: Record<string, string>, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params[`${prefix}.${i}`] !== undefined; i++) out.push(params[`${prefix}.${i}`] as string);
  return out;
}

function filters(params: Record<string, string>): Array<{ name: string; values: string[] }> {
  const out: Array<{ name: string; values: string[] }> = [];
  for (let i = 1; params[`Filter.${i}.Name`] !== undefined; i++) {
    out.push({ name: params[`Filter.${i}.Name`] as string, values: list(params, `Filter.${i}.Value`) });
  }
  return out;
}

/** EC2 filter values are globs (`*`, `?`). */
function matches(values: string[], actual: string | undefined): boolean {
  if (actual === undefined) return false;
  return values.some((v) => {
    const re = new RegExp(
      `^${v
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    return re.test(actual);
  });
}

function page<T>(items: T[], params: Record<string, string>): { items: T[]; nextToken: string | undefined } {
  const start = params.NextToken ? Number(Buffer.from(params.NextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw new Ec2Error('InvalidParameterValue', 'Invalid NextToken');
  const max = params.MaxResults ? Number(params.MaxResults) : items.length || 1;
  const slice = items.slice(start, start + max);
  const next =
    start + max < items.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return { items: slice, nextToken: next };
}

function describeTags(instances: Ec2Instance[], params: Record<string, string>): string {
  let rows = instances.flatMap((i) =>
    Object.entries(i.tags).map(([key, value]) => ({ resourceId: i.instanceId, key, value })),
  );
  for (const f of filters(params)) {
    if (f.name === 'resource-id') rows = rows.filter((r) => matches(f.values, r.resourceId));
    else if (f.name === 'resource-type') rows = rows.filter(() => matches(f.values, 'instance'));
    else if (f.name === 'key') rows = rows.filter((r) => matches(f.values, r.key));
    else if (f.name === 'value') rows = rows.filter((r) => matches(f.values, r.value));
    else throw new Ec2Error('InvalidParameterValue', `The filter '${f.name}' is invalid`);
  }
  const { items, nextToken } = page(rows, params);
  const set = items
    .map(
      (r) =>
        `<item><resourceId>${esc(r.resourceId)}</resourceId><resourceType>instance</resourceType><key>${esc(r.key)}</key><value>${esc(r.value)}</value></item>`,
    )
    .join('');
  return `<DescribeTagsResponse xmlns="${NS}"><requestId/><tagSet>${set}</tagSet>${nextTokenXml(nextToken)}</DescribeTagsResponse>`;
}

function describeInstances(
  instances: Ec2Instance[],
  params: Record<string, string>,
  accountId: string,
): string {
  const ids = list(params, 'InstanceId');
  for (const id of ids) {
    if (!instances.some((i) => i.instanceId === id)) {
      throw new Ec2Error('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    }
  }
  let rows = ids.length ? instances.filter((i) => ids.includes(i.instanceId)) : [...instances];
  for (const f of filters(params)) {
    if (f.name === 'instance-id') rows = rows.filter((i) => matches(f.values, i.instanceId));
    else if (f.name === 'instance-state-name') rows = rows.filter((i) => matches(f.values, i.state));
    else if (f.name === 'instance-type') rows = rows.filter((i) => matches(f.values, i.instanceType));
    else if (f.name === 'image-id') rows = rows.filter((i) => matches(f.values, i.imageId));
    else if (f.name === 'tag-key')
      rows = rows.filter((i) => Object.keys(i.tags).some((k) => matches(f.values, k)));
    else if (f.name.startsWith('tag:')) rows = rows.filter((i) => matches(f.values, i.tags[f.name.slice(4)]));
    else throw new Ec2Error('InvalidParameterValue', `The filter '${f.name}' is invalid`);
  }
  const { items, nextToken } = page(rows, params);
  const reservations = items.map((i) => reservationXml([i], accountId, 'item')).join('');
  return `<DescribeInstancesResponse xmlns="${NS}"><requestId/><reservationSet>${reservations}</reservationSet>${nextTokenXml(nextToken)}</DescribeInstancesResponse>`;
}

function runInstances(
  instances: Ec2Instance[],
  params: Record<string, string>,
  region: string,
  accountId: string,
): string {
  const imageId = params.ImageId;
  if (!imageId) throw new Ec2Error('MissingParameter', 'The request must contain the parameter ImageId');
  const min = Number(params.MinCount ?? 'x');
  const max = Number(params.MaxCount ?? 'x');
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new Ec2Error(
      'InvalidParameterValue',
      'MinCount and MaxCount must be positive integers with MinCount <= MaxCount',
    );
  }
  const tags: Record<string, string> = {};
  for (let s = 1; params[`TagSpecification.${s}.ResourceType`] !== undefined; s++) {
    if (params[`TagSpecification.${s}.ResourceType`] !== 'instance') continue;
    for (let t = 1; params[`TagSpecification.${s}.Tag.${t}.Key`] !== undefined; t++) {
      tags[params[`TagSpecification.${s}.Tag.${t}.Key`] as string] =
        params[`TagSpecification.${s}.Tag.${t}.Value`] ?? '';
    }
  }
  const launched: Ec2Instance[] = [];
  for (let n = 0; n < max; n++) {
    const instance = makeInstance(region, instances.length, {
      imageId,
      instanceType: params.InstanceType ?? 'm1.small',
      state: 'pending',
      launchTime: new Date(),
      tags,
      ...(params['Placement.AvailabilityZone']
        ? { availabilityZone: params['Placement.AvailabilityZone'] }
        : {}),
    });
    instances.push(instance);
    launched.push(instance);
  }
  const body = reservationXml(launched, accountId, 'RunInstancesResponse');
  return body.replace('<RunInstancesResponse>', `<RunInstancesResponse xmlns="${NS}"><requestId/>`);
}

function reservationXml(list: Ec2Instance[], accountId: string, tag: string): string {
  const set = list.map(instanceXml).join('');
  const id = `r-${randomBytes(9).toString('hex').slice(0, 17)}`;
  return `<${tag}><reservationId>${id}</reservationId><ownerId>${accountId}</ownerId><groupSet/><instancesSet>${set}</instancesSet></${tag}>`;
}

function instanceXml(i: Ec2Instance, index: number): string {
  const tagSet = Object.entries(i.tags)
    .map(([k, v]) => `<item><key>${esc(k)}</key><value>${esc(v)}</value></item>`)
    .join('');
  const ip = i.privateIpAddress;
  return (
    `<item><instanceId>${i.instanceId}</instanceId><imageId>${esc(i.imageId)}</imageId>` +
    `<instanceState><code>${STATE_CODES[i.state]}</code><name>${i.state}</name></instanceState>` +
    `<privateDnsName>ip-${ip.replaceAll('.', '-')}.ec2.internal</privateDnsName><dnsName/>` +
    `<amiLaunchIndex>${index}</amiLaunchIndex><instanceType>${esc(i.instanceType)}</instanceType>` +
    `<launchTime>${i.launchTime.toISOString()}</launchTime>` +
    `<placement><availabilityZone>${esc(i.availabilityZone)}</availabilityZone><tenancy>default</tenancy></placement>` +
    `<monitoring><state>disabled</state></monitoring><privateIpAddress>${ip}</privateIpAddress>` +
    `<architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType>` +
    `<tagSet>${tagSet}</tagSet></item>`
  );
}

function nextTokenXml(token: string | undefined): string {
  return token ? `<nextToken>${token}</nextToken>` : '';
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
