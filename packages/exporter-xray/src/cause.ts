import type { TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { RandomHexSource } from '@spawn/tracing-core';
import type { SegmentException, SegmentStackFrame } from './segment-document.js';

/** Frames kept per exception; the rest are counted in `truncated`. */
export const MAX_STACK_FRAMES = 50;

const FRAME_WITH_LABEL = /^at (.+?) \((.+):(\d+):\d+\)$/;
const FRAME_BARE = /^at (.+):(\d+):\d+$/;
const THROTTLING = /throttl|toomanyrequests|requestlimitexceeded|provisionedthroughputexceeded|slowdown/i;

/** Exception events (`exception.type`, `exception.message`, `exception.stacktrace`) as X-Ray exceptions. */
export function exceptionsOf(
  events: readonly TimedEvent[],
  remote: boolean,
  random: RandomHexSource,
): SegmentException[] {
  const out: SegmentException[] = [];
  for (const event of events) {
    if (event.name !== 'exception' || event.attributes === undefined) continue;
    const {
      'exception.type': type,
      'exception.message': message,
      'exception.stacktrace': stack,
    } = event.attributes;
    const exception: SegmentException = { id: random.hex(8) };
    if (typeof type === 'string' && type !== '') exception.type = type;
    if (typeof message === 'string' && message !== '') exception.message = message;
    if (remote) exception.remote = true;
    if (typeof stack === 'string') {
      const frames = parseStack(stack);
      if (frames.length > MAX_STACK_FRAMES) {
        exception.truncated = frames.length - MAX_STACK_FRAMES;
        frames.length = MAX_STACK_FRAMES;
      }
      if (frames.length > 0) exception.stack = frames;
    }
    out.push(exception);
  }
  return out;
}

/** Whether one of the exceptions names a throttling error (AWS reports some throttles as HTTP 400). */
export function isThrottling(exceptions: readonly SegmentException[]): boolean {
  return exceptions.some((e) => e.type !== undefined && THROTTLING.test(e.type));
}

/** V8 stack lines (`at label (path:line:col)`, `at path:line:col`) as `{path, line, label}` frames. */
export function parseStack(stack: string): SegmentStackFrame[] {
  const frames: SegmentStackFrame[] = [];
  for (const raw of stack.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('at ')) continue;
    let match = FRAME_WITH_LABEL.exec(line);
    if (match) {
      frames.push({ path: match[2] as string, line: Number(match[3]), label: match[1] as string });
      continue;
    }
    match = FRAME_BARE.exec(line);
    if (match) frames.push({ path: match[1] as string, line: Number(match[2]) });
    else frames.push({ label: line.slice(3) });
  }
  return frames;
}
