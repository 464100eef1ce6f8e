// A small seeded PRNG (mulberry32) for the randomized differential tests: the same seed gives the same cases.
export function prng(seed: number) {
  let a = seed >>> 0;
  const u32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const int = (n: number) => u32() % n;
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  /** true one time in n */
  const chance = (n: number) => int(n) === 0;
  return { u32, int, pick, chance };
}
