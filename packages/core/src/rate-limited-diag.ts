import { diag } from '@opentelemetry/api';

export type DiagLevel = 'error' | 'warn' | 'info' | 'debug' | 'verbose';

/**
 * Reports repeated events (dropped spans, bad carriers) through `diag` at most once per interval per
 * kind, with how many happened since the last line: never one line per span.
 */
export class RateLimitedDiag {
  private readonly pending = new Map<string, { count: number; last: number; detail: string }>();

  constructor(
    private readonly component: string,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one occurrence of `kind`; logs it when the interval for that kind has passed. */
  report(level: DiagLevel, kind: string, detail = '', count = 1): void {
    const t = this.now();
    let entry = this.pending.get(kind);
    if (!entry) {
      entry = { count: 0, last: Number.NEGATIVE_INFINITY, detail };
      this.pending.set(kind, entry);
    }
    entry.count += count;
    entry.detail = detail;
    if (t - entry.last >= this.intervalMs) this.emit(level, kind, entry, t);
  }

  /** Logs every kind with unreported counts (call at shutdown so nothing goes unsaid). */
  flush(level: DiagLevel = 'warn'): void {
    const t = this.now();
    for (const [kind, entry] of this.pending) if (entry.count > 0) this.emit(level, kind, entry, t);
  }

  private emit(
    level: DiagLevel,
    kind: string,
    entry: { count: number; last: number; detail: string },
    t: number,
  ) {
    const suffix = entry.detail ? `: ${entry.detail}` : '';
    diag[level](`${this.component}: ${kind} (${entry.count} since last report)${suffix}`);
    entry.count = 0;
    entry.last = t;
  }
}
