// A small seeded PRNG, for anything that must replay exactly: the classifier's training order
// (bit-for-bit reproducible models) and the kill -9 loop's kill offsets (bench/lib/kill-loop.ts).

/** mulberry32: small, fast and seedable; returns floats in [0, 1). Not for secrets. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
