import { type ClientInfo, type ExecutionContext, type Next, traceCommand } from './command-span.js';

/** The public surface of every AWS SDK v3 client this package relies on: its middleware stack and config. */
export interface AwsClientLike {
  middlewareStack: {
    add(middleware: unknown, options: Record<string, unknown>): void;
  };
  config?: unknown;
  send(...args: never[]): unknown;
}

export const MIDDLEWARE_NAME = 'spawnTracingMiddleware';
/** Set on a middleware stack once ours is in it (stacks are shared by document clients, copied by clones). */
const INSTALLED = Symbol.for('@spawn/tracing:aws-sdk-middleware');

export function isAwsClient(value: unknown): value is AwsClientLike {
  if (typeof value !== 'object' || value === null) return false;
  const client = value as Partial<AwsClientLike>;
  return typeof client.send === 'function' && typeof client.middlewareStack?.add === 'function';
}

/**
 * Adds the tracing middleware to a client's stack, once per stack. It goes first in the initialize step,
 * around serialization, signing and the retry loop: one span per logical operation.
 */
export function installTracing(client: AwsClientLike): void {
  const stack = client.middlewareStack as AwsClientLike['middlewareStack'] & Record<symbol, unknown>;
  if (stack[INSTALLED] === true) return;
  const info = clientInfo(client);
  const middleware = (next: Next, execution: ExecutionContext) => (args: Parameters<Next>[0]) =>
    traceCommand(client, info, next, execution, args);
  // `override` because a cloned stack already holds our entry under this name.
  stack.add(middleware, {
    step: 'initialize',
    priority: 'high',
    name: MIDDLEWARE_NAME,
    override: true,
    tags: ['SPAWN_TRACING'],
  });
  stack[INSTALLED] = true;
}

export function isInstalled(client: AwsClientLike): boolean {
  return (client.middlewareStack as unknown as Record<symbol, unknown>)[INSTALLED] === true;
}

function clientInfo(client: AwsClientLike): ClientInfo {
  const config = (typeof client.config === 'object' && client.config !== null ? client.config : {}) as Record<
    string,
    unknown
  >;
  const serviceId = serviceIdOf(config['serviceId'], client.constructor?.name);
  const info: ClientInfo = {
    service: serviceId.replace(/[\s.]/g, '').toLowerCase(),
    serviceId,
    region: undefined,
    operations: new Map(),
  };
  const region = config['region'];
  if (typeof region === 'string') info.region = region;
  else if (typeof region === 'function') {
    // The SDK's own provider, memoized; a missing region fails the call itself, not us.
    try {
      Promise.resolve((region as () => unknown)()).then(
        (value) => {
          if (typeof value === 'string' && value.length > 0) info.region = value;
        },
        () => undefined,
      );
    } catch {
      // a synchronous throw means no region yet; the span simply goes without one
    }
  }
  return info;
}

/** `DynamoDB` from the config; else the class name without `Client` (`EC2Client` → `EC2`). */
function serviceIdOf(serviceId: unknown, className: string | undefined): string {
  if (typeof serviceId === 'string' && /[^\s.]/.test(serviceId)) return serviceId;
  const name = className?.replace(/(Document)?Client$/, '') ?? '';
  return name.length > 0 ? name : 'unknown';
}
