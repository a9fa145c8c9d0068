import { injectSafely, shallowCopy } from '@spawn/tracing-core';
import { COMPONENT, type DynamoDbItem, detectFormat, formatValue, type ItemFormat } from './item-carrier.js';
import type { InjectItemOptions } from './options.js';
import { type TraceFields, traceFields } from './trace-fields.js';

/** The parts of `UpdateItem` input (raw or document client, or a `TransactWriteItems` `Update`) used here. */
export interface UpdateItemInputLike {
  Key?: DynamoDbItem;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: DynamoDbItem;
  /** The legacy parameter; used only when the input has no `UpdateExpression`. */
  AttributeUpdates?: DynamoDbItem;
}

/** Short placeholder stems for the usual fields, so expressions stay readable. */
const STEMS: Readonly<Record<string, string>> = { traceparent: 'tp', tracestate: 'ts', baggage: 'bg' };
const SET_KEYWORD = /(^|[^#:\w.])SET(?![\w#:])/i;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * A copy of `UpdateItem` input that also sets the trace attributes: `SET #spawn_tp = :spawn_tp, …` merged
 * into the caller's `UpdateExpression` (into its `SET` clause when it has one), with placeholders that
 * collide with none of the caller's names or values, so reserved words are never a problem. An attribute
 * the caller's expression already touches is left to the caller.
 */
export function injectUpdateItem<T extends UpdateItemInputLike>(input: T, options?: InjectItemOptions): T {
  return injectSafely(COMPONENT, input, () => {
    return injectUpdateWith(input, traceFields(options), options);
  });
}

export function injectUpdateWith<T extends UpdateItemInputLike>(
  input: T,
  fields: TraceFields,
  options: InjectItemOptions | undefined,
): T {
  const out: T = shallowCopy(input);
  if (fields.length === 0 || input === null || typeof input !== 'object') return out;
  try {
    const format = options?.format ?? detectFormat(input.Key, detectFormat(input.ExpressionAttributeValues));
    const expression = input.UpdateExpression;
    const legacy = input.AttributeUpdates;
    if (typeof expression !== 'string' && legacy !== null && typeof legacy === 'object') {
      const updates: DynamoDbItem = shallowCopy(legacy);
      for (const [name, value] of fields) {
        if (!Object.hasOwn(updates, name))
          updates[name] = { Action: 'PUT', Value: formatValue(format, value) };
      }
      out.AttributeUpdates = updates;
      return out;
    }
    mergeIntoExpression(out, typeof expression === 'string' ? expression : '', fields, format);
  } catch {
    // Only hostile input (throwing getters) gets here; the caller's input goes out as it came.
    return shallowCopy(input);
  }
  return out;
}

function mergeIntoExpression(
  out: UpdateItemInputLike,
  expression: string,
  fields: TraceFields,
  format: ItemFormat,
) {
  const names: Record<string, string> = Object.assign({}, out.ExpressionAttributeNames);
  const values: DynamoDbItem = Object.assign({}, out.ExpressionAttributeValues);
  const taken = new Set(Object.values(names));
  const actions: string[] = [];
  for (const [name, value] of fields) {
    // Two actions on one path fail the whole update: leave an attribute the caller already writes.
    if (
      taken.has(name) ||
      (IDENTIFIER.test(name) &&
        expression.includes(name) &&
        new RegExp(`(^|[^#:\\w.])${name}(?!\\w)`).test(expression))
    ) {
      continue;
    }
    const placeholder = freePlaceholder(STEMS[name] ?? name.replace(/\W/g, '_'), names, values, expression);
    names[`#${placeholder}`] = name;
    values[`:${placeholder}`] = formatValue(format, value);
    actions.push(`#${placeholder} = :${placeholder}`);
  }
  if (actions.length === 0) return;
  const set = SET_KEYWORD.exec(expression);
  if (set) {
    const end = set.index + set[0].length;
    out.UpdateExpression = `${expression.slice(0, end)} ${actions.join(', ')},${expression.slice(end)}`;
  } else {
    out.UpdateExpression =
      expression.trim() === '' ? `SET ${actions.join(', ')}` : `SET ${actions.join(', ')} ${expression}`;
  }
  out.ExpressionAttributeNames = names;
  out.ExpressionAttributeValues = values;
}

function freePlaceholder(stem: string, names: object, values: object, expression: string): string {
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? `spawn_${stem}` : `spawn_${stem}_${i}`;
    if (
      !Object.hasOwn(names, `#${candidate}`) &&
      !Object.hasOwn(values, `:${candidate}`) &&
      !expression.includes(candidate)
    ) {
      return candidate;
    }
  }
}
