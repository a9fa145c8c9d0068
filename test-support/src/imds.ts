import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocal } from './listen-local.js';

export interface ImdsOptions {
  instanceId?: string;
  region?: string;
  availabilityZone?: string;
  instanceType?: string;
  imageId?: string;
  accountId?: string;
  /** Instance tags. Served under `/latest/meta-data/tags/instance` only when `instanceMetadataTags` is on. */
  tags?: Record<string, string>;
  /** The instance's "allow tags in instance metadata" option; off (404, as on EC2) by default. */
  instanceMetadataTags?: boolean;
  /** Delay before every response, to test slow metadata services. */
  delayMs?: number;
  /** Never answer: `true` for every request, `'token'` for the token PUT only (as a hop-limit drop does). */
  hang?: boolean | 'token';
}

export interface ImdsRequest {
  method: string;
  path: string;
  /** The token header sent, if any. */
  token: string | undefined;
  status: number;
}

export interface LocalImds {
  /** `http://127.0.0.1:PORT`, for `AWS_EC2_METADATA_SERVICE_ENDPOINT` or `new MetadataService({ endpoint })`. */
  endpoint: string;
  port: number;
  /** Every request answered so far, in order (hung requests are recorded when they arrive, status 0). */
  requests: ImdsRequest[];
  /** How many tokens were issued. */
  readonly tokensIssued: number;
  /** Changes settings of the running server (tags, the tags option, delays). */
  update(options: Partial<ImdsOptions>): void;
  close(): Promise<void>;
}

const MAX_TTL_SECONDS = 21_600;

type Settings = Required<Omit<ImdsOptions, 'hang' | 'delayMs'>> & Pick<ImdsOptions, 'hang' | 'delayMs'>;

/**
 * Starts a local EC2 instance metadata service speaking IMDSv2 as EC2 does: `PUT /latest/api/token`
 * with `X-aws-ec2-metadata-token-ttl-seconds` (1..21600) returns a token; every `GET` needs a live
 * token in `X-aws-ec2-metadata-token` (401 otherwise; IMDSv1 is off, as spawn launches instances).
 */
export async function startImds(options: ImdsOptions = {}): Promise<LocalImds> {
  let settings: Settings = {
    instanceId: 'i-0123456789abcdef0',
    region: 'us-east-1',
    availabilityZone: '',
    instanceType: 't3.micro',
    imageId: 'ami-0abcdef1234567890',
    accountId: '123456789012',
    tags: {},
    instanceMetadataTags: false,
    ...options,
  };
  const tokens = new Map<string, number>();
  const requests: ImdsRequest[] = [];
  let tokensIssued = 0;

  const metadata = (): Record<string, string> => {
    const az = settings.availabilityZone || `${settings.region}a`;
    return {
      'ami-id': settings.imageId,
      'instance-id': settings.instanceId,
      'instance-type': settings.instanceType,
      'placement/region': settings.region,
      'placement/availability-zone': az,
      hostname: `ip-10-0-0-1.${settings.region}.compute.internal`,
      'local-ipv4': '10.0.0.1',
    };
  };

  const identityDocument = () => ({
    accountId: settings.accountId,
    architecture: 'x86_64',
    availabilityZone: settings.availabilityZone || `${settings.region}a`,
    billingProducts: null,
    devpayProductCodes: null,
    marketplaceProductCodes: null,
    imageId: settings.imageId,
    instanceId: settings.instanceId,
    instanceType: settings.instanceType,
    kernelId: null,
    pendingTime: '2026-01-01T00:00:00Z',
    privateIp: '10.0.0.1',
    ramdiskId: null,
    region: settings.region,
    version: '2017-09-30',
  });

  const send = (res: ServerResponse, status: number, body: string, type = 'text/plain') => {
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      server: 'EC2ws',
    });
    res.end(body);
  };

  const route = (req: IncomingMessage, res: ServerResponse, record: ImdsRequest) => {
    const path = record.path;
    if (path === '/latest/api/token') {
      if (req.method !== 'PUT') return send(res, 405, '');
      if (req.headers['x-forwarded-for']) return send(res, 403, '');
      const ttl = Number(req.headers['x-aws-ec2-metadata-token-ttl-seconds']);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) return send(res, 400, '');
      const token = randomBytes(28).toString('base64');
      tokens.set(token, Date.now() + ttl * 1000);
      tokensIssued++;
      res.setHeader('x-aws-ec2-metadata-token-ttl-seconds', String(ttl));
      return send(res, 200, token);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '');
    const expires = record.token === undefined ? undefined : tokens.get(record.token);
    if (expires === undefined || expires < Date.now()) return send(res, 401, '');

    if (path === '/latest/dynamic/instance-identity/document') {
      return send(res, 200, JSON.stringify(identityDocument(), null, 2), 'text/plain');
    }
    if (path === '/latest/meta-data/tags/instance' || path === '/latest/meta-data/tags/instance/') {
      if (!settings.instanceMetadataTags) return send(res, 404, notFound);
      return send(res, 200, Object.keys(settings.tags).join('\n'));
    }
    const tagPrefix = '/latest/meta-data/tags/instance/';
    if (path.startsWith(tagPrefix)) {
      const key = decodeURIComponent(path.slice(tagPrefix.length));
      const value = settings.tags[key];
      if (!settings.instanceMetadataTags || value === undefined) return send(res, 404, notFound);
      return send(res, 200, value);
    }
    const metaPrefix = '/latest/meta-data/';
    if (path.startsWith(metaPrefix)) {
      const value = metadata()[path.slice(metaPrefix.length)];
      if (value !== undefined) return send(res, 200, value);
    }
    return send(res, 404, notFound);
  };

  const server = createServer((req, res) => {
    // The SDK joins endpoint path and request path into "//latest/..."; EC2's IMDS accepts that.
    const path = ((req.url ?? '/').split('?')[0] ?? '/').replace(/\/{2,}/g, '/');
    const token = req.headers['x-aws-ec2-metadata-token'];
    const record: ImdsRequest = {
      method: req.method ?? 'GET',
      path,
      token: typeof token === 'string' ? token : undefined,
      status: 0,
    };
    requests.push(record);
    const isToken = path === '/latest/api/token';
    if (settings.hang === true || (settings.hang === 'token' && isToken)) return; // held open until close()
    const answer = () => {
      const end = res.end.bind(res);
      res.end = ((...args: Parameters<typeof end>) => {
        record.status = res.statusCode;
        return end(...args);
      }) as typeof res.end;
      route(req, res, record);
    };
    req.resume();
    req.on('end', () => {
      if (settings.delayMs) setTimeout(answer, settings.delayMs);
      else answer();
    });
  });
  const { port, endpoint, close } = await listenLocal(server);
  return {
    endpoint,
    port,
    requests,
    get tokensIssued() {
      return tokensIssued;
    },
    update(next) {
      settings = { ...settings, ...next };
    },
    close,
  };
}

const notFound = `<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
         "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title>404 - Not Found</title>
 </head>
 <body>
  <h1>404 - Not Found</h1>
 </body>
</html>
`;
