/** Deterministic trace ids for statistical tests: mulberry32 from a fixed seed, so results never flake. */
export function seededTraceIds(seed: number): () => string {
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const word = () => next32().toString(16).padStart(8, '0');
  return () => word() + word() + word() + word();
}
