import { context } from '@opentelemetry/api';
import { activeSlot } from './active-instrumentation.js';
import { type ClientInfo, clientInfoOf, namesByCommandName } from './client-info.js';
import { beginCommand, finishFailure, settle } from './command-span.js';

/** The public surface of every AWS SDK v3 client this package relies on: its middleware stack and config. */
export interface AwsClientLike {
  middlewareStack: {
    add(middleware: unknown, options: Record<string, unknown>): void;
  };
  config?: unknown;
  send(...args: never[]): unknown;
}

/** The slice of the SDK's middleware arguments and results this package reads. */
export interface MiddlewareArgs {
  input: object;
  [key: string]: unknown;
}
export interface MiddlewareResult {
  output: unknown;
  [key: string]: unknown;
}
export type Next = (args: MiddlewareArgs) => Promise<MiddlewareResult>;
/** The SDK's per-send handler execution context: `clientName`, `commandName`, and more. */
export type ExecutionContext = Record<string, unknown>;

export const MIDDLEWARE_NAME = 'spawnTracingMiddleware';
/** Set on a middleware stack once ours is in it (stacks are shared by document clients, copied by clones). */
const INSTALLED = Symbol.for('@spawn/tracing:aws-sdk-middleware');

export function isAwsClient(value: unknown): value is AwsClientLike {
  if (typeof value !== 'object' || value === null) return false;
  const client = value as Partial<AwsClientLike>;
  return typeof client.send === 'function' && typeof client.middlewareStack?.add === 'function';
}

/**
 * Adds the tracing middleware to a client's stack, once per stack (`instrumentClient`'s way in). It goes
 * first in the initialize step, around serialization, signing and the retry loop: one span per logical
 * operation. The SDK rebuilds a client's handler chain from its stack on every `send`, so an entry costs
 * every call a few µs; the patched `send` needs none.
 */
export function installTracing(client: AwsClientLike): void {
  const stack = client.middlewareStack as AwsClientLike['middlewareStack'] & Record<symbol, unknown>;
  if (stack[INSTALLED] === true) return;
  const info = clientInfoOf(client);
  const middleware = (next: Next, execution: ExecutionContext) => (args: MiddlewareArgs) =>
    traceMiddleware(client, info, next, execution, args);
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

/** One span around the rest of the handler stack, named from the handler context's command name. */
function traceMiddleware(
  client: AwsClientLike,
  info: ClientInfo,
  next: Next,
  execution: ExecutionContext,
  args: MiddlewareArgs,
): Promise<MiddlewareResult> {
  const tracer = activeSlot.current;
  if (tracer === undefined) return next(args);
  const started = beginCommand(
    tracer,
    client,
    client.middlewareStack,
    info,
    namesByCommandName(info, execution['commandName']),
    args.input,
  );
  if (started === undefined) return next(args);
  const callArgs = started.replaced ? { ...args, input: started.input } : args;
  if (!started.recording) return context.with(started.callContext, next, undefined, callArgs);
  let pending: Promise<MiddlewareResult>;
  try {
    pending = context.with(started.callContext, next, undefined, callArgs);
  } catch (err) {
    finishFailure(started, err);
    throw err;
  }
  return settle(started, pending, outputOfResult);
}

function outputOfResult(result: MiddlewareResult): unknown {
  return result?.output;
}
