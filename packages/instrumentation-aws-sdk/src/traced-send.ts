import { context } from '@opentelemetry/api';
import type { CommandTracer } from './active-instrumentation.js';
import { clientInfoOf, namesOfCommand } from './client-info.js';
import type { AwsClientLike, MiddlewareArgs, Next } from './client-middleware.js';
import { beginCommand, finishFailure, replacedInput, type Started, settle } from './command-span.js';

/** smithy's `Client.prototype.send`: `send(command)`, `send(command, options)`, `send(command, options?, callback)`. */
export type Send = (this: unknown, command: unknown, optionsOrCb?: unknown, cb?: unknown) => unknown;
type Callback = (err: unknown, output?: unknown) => void;

/** On a command's own middleware stack once the input middleware is in it. */
const INPUT_INSTALLED = Symbol.for('@spawn/tracing:aws-sdk-input-middleware');
const INPUT_MIDDLEWARE_NAME = 'spawnTracingInput';

/**
 * One span around one `send`: the whole handler stack, retries included. The client's middleware stack
 * gets no entry (the SDK rebuilds the handler chain from it on every call, a few µs per entry); only a
 * command whose input carries the trace context (SQS sends, opted-in DynamoDB writes) gets one, on its own
 * stack. Never throws into the application; the SDK's own result or error reaches it untouched.
 */
export function traceSend(
  tracer: CommandTracer,
  client: AwsClientLike,
  original: Send,
  command: object,
  optionsOrCb: unknown,
  cb: unknown,
): unknown {
  let started: Started | undefined;
  try {
    const info = clientInfoOf(client);
    const input = (command as { input?: unknown }).input;
    started = beginCommand(
      tracer,
      client,
      client.middlewareStack,
      info,
      namesOfCommand(info, command),
      input,
    );
  } catch (err) {
    // A command or client of an unexpected shape (a throwing getter): the call goes on untraced.
    tracer.diagnostics.report('warn', 'AWS SDK span not started', String(err));
  }
  if (started === undefined) return original.call(client, command, optionsOrCb, cb);
  if (started.replaced) useReplacedInput(tracer, command);
  if (!started.recording)
    return context.with(started.callContext, callSend, undefined, original, client, command, optionsOrCb, cb);
  const callback = (typeof optionsOrCb === 'function' ? optionsOrCb : cb) as Callback | undefined;
  const options = typeof optionsOrCb === 'function' ? undefined : optionsOrCb;
  let pending: unknown;
  try {
    pending = context.with(started.callContext, callSend, undefined, original, client, command, options);
  } catch (err) {
    finishFailure(started, err);
    throw err;
  }
  const traced = settle(started, Promise.resolve(pending), same);
  if (typeof callback !== 'function') return traced;
  // As the SDK does it: the callback gets the output or the error, and a throwing callback goes nowhere.
  traced.then((output) => callback(null, output), callback).catch(() => undefined);
  return undefined;
}

/** Called through `context.with` without a `this`, which would cost a bound function per call. */
function callSend(
  original: Send,
  client: AwsClientLike,
  command: object,
  optionsOrCb: unknown,
  cb?: unknown,
): unknown {
  return original.call(client, command, optionsOrCb, cb);
}

function same<T>(value: T): T {
  return value;
}

/**
 * The SDK serializes the input its handler is given, which `send` takes from the command. The caller's
 * command and input stay untouched: a middleware on the command's own stack hands the copy down, found in
 * the call's context.
 */
function useReplacedInput(tracer: CommandTracer, command: object): void {
  try {
    const stack = (command as { middlewareStack?: { add?: unknown } & Record<symbol, unknown> })
      .middlewareStack;
    if (stack === undefined || typeof stack.add !== 'function') {
      tracer.diagnostics.report('warn', 'trace context not injected', 'the command has no middleware stack');
      return;
    }
    if (stack[INPUT_INSTALLED] === true) return;
    stack.add(inputMiddleware, {
      step: 'initialize',
      priority: 'high',
      name: INPUT_MIDDLEWARE_NAME,
      override: true,
      tags: ['SPAWN_TRACING'],
    });
    stack[INPUT_INSTALLED] = true;
  } catch (err) {
    tracer.diagnostics.report('warn', 'trace context not injected', String(err));
  }
}

function inputMiddleware(next: Next): Next {
  return (args: MiddlewareArgs) => {
    const input = replacedInput(context.active(), args.input);
    return next(input === undefined ? args : { ...args, input });
  };
}
