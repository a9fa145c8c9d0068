import { injectSafely, propagatorFields, shallowCopy } from '@spawn/tracing-core';
import { attributeName, COMPONENT } from './message-attributes.js';
import { propagatorOf, type SqsPropagationOptions } from './options.js';

/** The parts of `ReceiveMessage` input that decide which attributes come back. */
export interface ReceiveMessageInputLike {
  QueueUrl?: string;
  MessageAttributeNames?: string[];
  MessageSystemAttributeNames?: string[];
  /** Deprecated by SQS in favour of `MessageSystemAttributeNames`; read so `All` there is respected. */
  AttributeNames?: string[];
}

export interface TraceAttributeNamesOptions
  extends Pick<SqsPropagationOptions, 'propagator' | 'attributeNames'> {
  /** Also ask for the `AWSTraceHeader` system attribute. Default `true`. */
  xrayHeader?: boolean;
}

/**
 * A copy of `input` that asks SQS for the message attributes the propagator reads (and `AWSTraceHeader`),
 * merged with the caller's names: SQS returns no attributes that were not asked for.
 */
export function withTraceAttributeNames<T extends ReceiveMessageInputLike>(
  input: T,
  options?: TraceAttributeNamesOptions,
): T {
  return injectSafely(COMPONENT, input, () => {
    const out: T = shallowCopy(input);
    const wanted = propagatorFields(propagatorOf(options), COMPONENT).map((f) =>
      attributeName(options?.attributeNames, f),
    );
    const names = merge(input.MessageAttributeNames, wanted, ['All', '.*']);
    if (names) out.MessageAttributeNames = names;
    if (options?.xrayHeader !== false && !includesAny(input.AttributeNames, ['All', 'AWSTraceHeader'])) {
      const system = merge(input.MessageSystemAttributeNames, ['AWSTraceHeader'], ['All']);
      if (system) out.MessageSystemAttributeNames = system;
    }
    return out;
  });
}

/** `current` plus the missing `wanted` names, or `undefined` when nothing changes. */
function merge(current: unknown, wanted: string[], everything: string[]): string[] | undefined {
  const list = Array.isArray(current)
    ? (current as unknown[]).filter((n): n is string => typeof n === 'string')
    : [];
  if (includesAny(list, everything)) return undefined;
  const missing = wanted.filter(
    (name, i) => name !== '' && !list.includes(name) && wanted.indexOf(name) === i,
  );
  return missing.length === 0 ? undefined : [...list, ...missing];
}

function includesAny(list: unknown, names: string[]): boolean {
  return Array.isArray(list) && names.some((n) => list.includes(n));
}
