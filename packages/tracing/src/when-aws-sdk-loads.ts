import * as nodeModule from 'node:module';
import { diag } from '@opentelemetry/api';

type RequireFn = (this: unknown, id: string) => unknown;

const AWS_SDK_PREFIXES = ['@aws-sdk/', '@smithy/'];

/**
 * Runs `enable` just before the process first requires an AWS SDK module (`@aws-sdk/*`, `@smithy/*`),
 * then lets that require go through whatever `enable` installed (the instrumentation's require hook),
 * so the module is seen as if the hook had been there all along. A process that never loads the SDK
 * never pays for the instrumentation. Returns a function that removes the trigger if it has not fired.
 */
export function whenAwsSdkLoads(enable: () => void): () => void {
  const proto = (nodeModule as unknown as { Module: { prototype: { require: RequireFn } } }).Module.prototype;
  const original = proto.require;
  let fired = false;
  const trigger: RequireFn = function (this: unknown, id: string) {
    if (fired || typeof id !== 'string' || !AWS_SDK_PREFIXES.some((prefix) => id.startsWith(prefix))) {
      return original.apply(this, [id]);
    }
    fired = true;
    // Step aside first (unless someone wrapped us since), so the hook enable installs sits on the original.
    if (proto.require === trigger) proto.require = original;
    try {
      enable();
    } catch (err) {
      diag.warn(`@spawn/tracing: AWS SDK instrumentation not enabled: ${String(err)}`);
    }
    return proto.require.apply(this, [id]);
  };
  proto.require = trigger;
  return () => {
    fired = true;
    if (proto.require === trigger) proto.require = original;
  };
}
