const RV_PATTERN = /^[0-9a-f]{14}$/;

/** Whether `rv` is a valid explicit randomness value: exactly 14 lower-case hex digits. */
export function isValidRandomness(rv: string): boolean {
  return RV_PATTERN.test(rv);
}

/**
 * Whether a trace's 56-bit randomness R is at least threshold `t` (padded to 14 digits). R is the
 * explicit `rv` when there is a valid one, else the trace id's last 14 digits: W3C Trace Context
 * Level 2 puts the random bits there, and the X-Ray id format keeps 96 random bits there, after its
 * 32-bit timestamp. Lower-case hex orders like the numbers it spells, so no 56-bit arithmetic is
 * needed; the trace id is compared in place, allocating nothing.
 */
export function randomnessPasses(traceId: string, rv: string | undefined, t: string): boolean {
  if (rv !== undefined) return rv >= t;
  if (traceId.length !== 32) return false;
  for (let i = 0; i < 14; i++) {
    // `| 0x20` lower-cases A-F and leaves digits alone, so an upper-case id orders like a lower-case one.
    const r = traceId.charCodeAt(18 + i) | 0x20;
    const c = t.charCodeAt(i);
    if (r !== c) return r > c;
  }
  return true;
}
