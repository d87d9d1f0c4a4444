/**
 * A seeded generator of whole numbers below `k` (mulberry32: small, and its low bits are as random as its high
 * ones), so that a property test draws the same cases on every run.
 */
export function seededRandom(seed: number): (k: number) => number {
  let state = seed;
  return (k: number): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
  };
}
