import type { BackendErrorKind, TelemetryCounts } from './transport.js';

/** Telemetry is reported once a minute, as the X-Ray daemon does. */
export const TELEMETRY_INTERVAL_MS = 60_000;

/** Counts since the last `PutTelemetryRecords` call. */
export class TelemetryWindow {
  private counts = TelemetryWindow.empty();

  static empty(): TelemetryCounts {
    return {
      received: 0,
      sent: 0,
      rejected: 0,
      errors: { timeout: 0, connectionRefused: 0, http4xx: 0, http5xx: 0, unknownHost: 0, other: 0 },
    };
  }

  add(received: number, sent: number, rejected: number, error?: BackendErrorKind): void {
    this.counts.received += received;
    this.counts.sent += sent;
    this.counts.rejected += rejected;
    if (error !== undefined) this.counts.errors[error]++;
  }

  /** The counts so far, resetting the window; `undefined` when nothing happened. */
  take(): TelemetryCounts | undefined {
    const c = this.counts;
    const errors = Object.values(c.errors).reduce((a, b) => a + b, 0);
    if (c.received === 0 && c.sent === 0 && c.rejected === 0 && errors === 0) return undefined;
    this.counts = TelemetryWindow.empty();
    return c;
  }

  /** Puts counts back after a failed report, so they go with the next one. */
  restore(counts: TelemetryCounts): void {
    this.add(counts.received, counts.sent, counts.rejected);
    for (const kind of Object.keys(counts.errors) as BackendErrorKind[])
      this.counts.errors[kind] += counts.errors[kind];
  }
}
