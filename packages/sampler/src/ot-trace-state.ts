import type { TraceState } from '@opentelemetry/api';
import { TraceState as W3CTraceState } from '@opentelemetry/core';
import { isValidRandomness } from './randomness.js';
import { normalizeThreshold } from './threshold.js';

/** The tracestate member OpenTelemetry keeps its own sub-keys in. */
export const OT_KEY = 'ot';

const MAX_OT_LENGTH = 256;
const MAX_MEMBERS = 32;
const LONG_MEMBER = 128;
const SUB_KEY = /^[a-z][a-z0-9]*$/;
const SUB_VALUE = /^[A-Za-z0-9._-]*$/;

/** The `ot` member's value, split into what sampling reads and what it must carry along untouched. */
export interface OtValue {
  /** A valid threshold, lower case. */
  th: string | undefined;
  /** A `th` sub-key was present but not 1–14 hex digits. */
  thInvalid: boolean;
  /** A valid explicit randomness value. */
  rv: string | undefined;
  /** Every other sub-key as `key:value`, including an invalid `rv` (never ours to rewrite). */
  rest: string[];
}

/**
 * Parses an `ot` value (`th:e666;rv:6e6d1a75832a2f;k:v`). `undefined` when it breaks the grammar
 * (sub-key `[a-z][a-z0-9]*`, value `[A-Za-z0-9._-]*`, unique keys) or exceeds 256 characters.
 */
export function parseOtValue(value: string): OtValue | undefined {
  if (value.length > MAX_OT_LENGTH) return undefined;
  const out: OtValue = { th: undefined, thInvalid: false, rv: undefined, rest: [] };
  const seen = new Set<string>();
  for (const member of value.split(';')) {
    const colon = member.indexOf(':');
    if (colon <= 0) return undefined;
    const key = member.slice(0, colon);
    const sub = member.slice(colon + 1);
    if (!SUB_KEY.test(key) || !SUB_VALUE.test(sub) || seen.has(key)) return undefined;
    seen.add(key);
    if (key === 'th') {
      out.th = normalizeThreshold(sub);
      out.thInvalid = out.th === undefined;
    } else if (key === 'rv' && isValidRandomness(sub)) {
      out.rv = sub;
    } else {
      out.rest.push(member);
    }
  }
  return out;
}

/** Serializes an `ot` value with threshold `th` (none when `undefined`); `undefined` when nothing is left. */
export function serializeOtValue(ot: OtValue, th: string | undefined): string | undefined {
  const parts: string[] = [];
  if (th !== undefined) parts.push(`th:${th}`);
  if (ot.rv !== undefined) parts.push(`rv:${ot.rv}`);
  parts.push(...ot.rest);
  return parts.length === 0 ? undefined : parts.join(';');
}

/**
 * `traceState` with its `ot` member replaced by `value` (removed when `undefined`), following W3C
 * rules: the updated member moves to the left, other vendors' members are kept, and when the list
 * would pass 32 members or 512 characters the rightmost members go (those over 128 characters first).
 */
export function withOtMember(traceState: TraceState | undefined, value: string | undefined): TraceState {
  const base: TraceState = traceState ?? new W3CTraceState();
  if (value === undefined) return base.unset(OT_KEY);
  let current = base;
  let next = current.set(OT_KEY, value);
  // core's TraceState refuses a set that would pass 512 characters: make room, then set again.
  while (next.get(OT_KEY) !== value) {
    const victim = rightmostVictim(current, memberKeys(current));
    if (victim === undefined) return base;
    current = current.unset(victim);
    next = current.set(OT_KEY, value);
  }
  let members = memberKeys(next);
  while (members.length > MAX_MEMBERS) {
    const victim = lastNonOt(members);
    if (victim === undefined) break;
    next = next.unset(victim);
    members = memberKeys(next);
  }
  return next;
}

/** Keys of a tracestate from left to right. */
function memberKeys(traceState: TraceState): string[] {
  const serialized = traceState.serialize();
  if (serialized === '') return [];
  return serialized.split(',').map((m) => m.slice(0, m.indexOf('=')));
}

function lastNonOt(keys: string[]): string | undefined {
  for (let i = keys.length - 1; i >= 0; i--) if (keys[i] !== OT_KEY) return keys[i];
  return undefined;
}

/** The member to drop to make room: the rightmost one longer than 128 characters, else the rightmost. */
function rightmostVictim(traceState: TraceState, keys: string[]): string | undefined {
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    if (key !== OT_KEY && key.length + 1 + (traceState.get(key)?.length ?? 0) > LONG_MEMBER) return key;
  }
  return lastNonOt(keys);
}
