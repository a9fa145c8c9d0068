import type { PreparedDocument } from './transport.js';

/**
 * Splits documents into calls of at most `max`, keeping the documents of one trace in the same call
 * where they fit: full chunks of a big trace go alone, the remainders are packed first-fit-decreasing.
 */
export function groupIntoCalls(docs: readonly PreparedDocument[], max: number): PreparedDocument[][] {
  const byTrace = new Map<string, PreparedDocument[]>();
  for (const doc of docs) {
    const group = byTrace.get(doc.traceId);
    if (group === undefined) byTrace.set(doc.traceId, [doc]);
    else group.push(doc);
  }
  const calls: PreparedDocument[][] = [];
  const rest: PreparedDocument[][] = [];
  for (const group of byTrace.values()) {
    let start = 0;
    for (; group.length - start >= max; start += max) calls.push(group.slice(start, start + max));
    if (start < group.length) rest.push(start === 0 ? group : group.slice(start));
  }
  rest.sort((a, b) => b.length - a.length);
  const open: PreparedDocument[][] = [];
  for (const group of rest) {
    const call = open.find((c) => c.length + group.length <= max);
    if (call === undefined) open.push([...group]);
    else call.push(...group);
  }
  return calls.concat(open);
}
