import type { HrTime } from '@opentelemetry/api';
import { hrCompare, hrDiffMs } from './iso-time.js';
import type { SpanRecord } from './read-span-lines.js';

/** A span in its trace's tree. */
export interface TraceNode {
  span: SpanRecord;
  children: TraceNode[];
  /** The span names a parent that is in none of the inputs (or a parent cycle); it is shown at the top. */
  orphan: boolean;
}

/** Every span of one trace id, from any number of processes and files, as a tree. */
export interface Trace {
  traceId: string;
  /** Roots first, then orphans, each ordered by start time; children ordered by start time. */
  roots: TraceNode[];
  start: HrTime;
  end: HrTime;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  orphanCount: number;
}

/**
 * Stitches span records into traces: grouped by trace id, a span seen twice (same trace and span
 * id, e.g. a file read twice) kept once, children under their parents. Traces are ordered by start.
 */
export function buildTraces(spans: Iterable<SpanRecord>): Trace[] {
  const byTrace = new Map<string, Map<string, SpanRecord>>();
  for (const span of spans) {
    let group = byTrace.get(span.trace_id);
    if (!group) {
      group = new Map();
      byTrace.set(span.trace_id, group);
    }
    if (!group.has(span.span_id)) group.set(span.span_id, span);
  }
  const traces: Trace[] = [];
  for (const [traceId, group] of byTrace) traces.push(buildTrace(traceId, group));
  return traces.sort((a, b) => hrCompare(a.start, b.start) || (a.traceId < b.traceId ? -1 : 1));
}

function buildTrace(traceId: string, group: Map<string, SpanRecord>): Trace {
  const nodes = new Map<string, TraceNode>();
  for (const [id, span] of group) nodes.set(id, { span, children: [], orphan: false });
  const roots: TraceNode[] = [];
  const orphans: TraceNode[] = [];
  let start: HrTime | undefined;
  let end: HrTime | undefined;
  let errorCount = 0;
  for (const node of nodes.values()) {
    const { span } = node;
    if (!start || hrCompare(span.startTime, start) < 0) start = span.startTime;
    if (!end || hrCompare(span.endTime, end) > 0) end = span.endTime;
    if (span.status === 'ERROR') errorCount++;
    const parentId = span.parent_span_id;
    const parent = parentId === undefined || parentId === span.span_id ? undefined : nodes.get(parentId);
    if (parent) parent.children.push(node);
    else if (parentId === undefined) roots.push(node);
    else {
      node.orphan = true;
      orphans.push(node);
    }
  }
  // Spans whose parents form a cycle are reachable from no root: show them as orphans too.
  const reached = new Set<TraceNode>();
  const visit = (node: TraceNode): void => {
    const stack = [node];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (reached.has(next)) continue;
      reached.add(next);
      for (const child of next.children) stack.push(child);
    }
  };
  for (const node of roots) visit(node);
  for (const node of orphans) visit(node);
  if (reached.size < nodes.size) {
    for (const node of nodes.values()) {
      if (reached.has(node)) continue;
      node.orphan = true;
      orphans.push(node);
      visit(node);
    }
    // Cut the cycle edges so the tree can be walked without revisiting.
    for (const node of nodes.values()) node.children = node.children.filter((child) => !child.orphan);
  }
  const byStart = (a: TraceNode, b: TraceNode) => hrCompare(a.span.startTime, b.span.startTime);
  for (const node of nodes.values()) if (node.children.length > 1) node.children.sort(byStart);
  roots.sort(byStart);
  orphans.sort(byStart);
  const first = start ?? [0, 0];
  const last = end ?? first;
  return {
    traceId,
    roots: [...roots, ...orphans],
    start: first,
    end: last,
    durationMs: Math.max(0, hrDiffMs(first, last)),
    spanCount: nodes.size,
    errorCount,
    orphanCount: orphans.length,
  };
}

/** What `filterTraces` keeps: every given condition must hold. */
export interface TraceFilter {
  /** Trace ids (or unambiguous prefixes of them) to keep. */
  traceIds?: readonly string[];
  /** Only traces with at least one span whose status is ERROR. */
  errorsOnly?: boolean;
  /** Only traces lasting at least this many milliseconds. */
  minDurationMs?: number;
}

export function filterTraces(traces: readonly Trace[], filter: TraceFilter): Trace[] {
  const ids = filter.traceIds?.map((id) => id.toLowerCase());
  return traces.filter(
    (trace) =>
      (!ids || ids.length === 0 || ids.some((id) => trace.traceId.toLowerCase().startsWith(id))) &&
      (!filter.errorsOnly || trace.errorCount > 0) &&
      (filter.minDurationMs === undefined || trace.durationMs >= filter.minDurationMs),
  );
}

/**
 * Parses a duration for filters: `250ms`, `1.5s`, `250us`/`250µs`, `2m`, `1h`, `10ns`; a bare
 * number is milliseconds. Returns milliseconds, or `undefined` if it is not a duration.
 */
export function parseDurationMs(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|ms|s|m|h)?\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const factor: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
  return value * factor[unit]!;
}

/** One step of `walkTrace`. */
export interface WalkStep {
  node: TraceNode;
  parent: TraceNode | undefined;
  depth: number;
  /** Per ancestor depth, whether that ancestor still has siblings below it (where a `│` guide goes). */
  prefix: boolean[];
  /** Whether the node is the last of its siblings. */
  last: boolean;
}

/** Depth-first walk of a trace in display order. */
export function* walkTrace(trace: Trace): Generator<WalkStep> {
  const stack: WalkStep[] = [];
  const roots = trace.roots;
  for (let i = roots.length - 1; i >= 0; i--) {
    stack.push({ node: roots[i]!, parent: undefined, depth: 0, prefix: [], last: i === roots.length - 1 });
  }
  while (stack.length > 0) {
    const step = stack.pop()!;
    yield step;
    const { children } = step.node;
    const prefix = [...step.prefix, !step.last];
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({
        node: children[i]!,
        parent: step.node,
        depth: step.depth + 1,
        prefix,
        last: i === children.length - 1,
      });
    }
  }
}
