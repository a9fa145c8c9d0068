/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMillis`, capped at
 * `maxMillis`, with "equal jitter" (a uniform draw in the upper half) so processors that failed
 * together do not retry together, yet a retry never comes sooner than half the nominal delay.
 */
export function backoffDelay(
  attempt: number,
  baseMillis: number,
  maxMillis: number,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(maxMillis, baseMillis * 2 ** Math.max(0, attempt - 1));
  return nominal / 2 + (random() * nominal) / 2;
}
