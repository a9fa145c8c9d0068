import type { HrTime } from '@opentelemetry/api';

/** An HrTime duration in a short human form: `1s`, `1.5ms`, `250µs`, `12ns`, `2m3.5s`. */
export function formatDuration(duration: HrTime): string {
  const nanos = duration[0] * 1e9 + duration[1];
  if (nanos < 1e3) return `${trim(nanos)}ns`;
  if (nanos < 1e6) return `${trim(nanos / 1e3)}µs`;
  if (nanos < 1e9) return `${trim(nanos / 1e6)}ms`;
  const seconds = nanos / 1e9;
  if (seconds < 60) return `${trim(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${trim(seconds - minutes * 60)}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h${minutes - hours * 60}m${trim(seconds - minutes * 60)}s`;
}

function trim(n: number): string {
  // Three significant decimals at most, trailing zeros removed.
  return Number.parseFloat(n.toFixed(n >= 100 ? 1 : 3)).toString();
}
