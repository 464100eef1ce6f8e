// The fast paths of src/fpu against its exact BigInt arithmetic (src/fpu/exact.ts) on many
// pseudo-random finite operands aimed at the hard cases: midpoints and near-midpoints (also where
// fma needs all three terms of its error-free expansion), cancellation, the overflow threshold
// and the subnormal range. The qemu vectors (fpu.test.ts) pin down the semantics; this test
// covers far more rounding situations than can be committed as vectors.
import { describe, expect, it, vi } from 'vitest';
import * as fp from '../src/fpu/softfp.ts';
import {
  FMT32, FMT64, unpack32, unpack64, addX, mulX, divX, sqrtX, fmaX, roundXV, bits64ToNumber, bits32ToInt,
  type XV,
} from '../src/fpu/exact.ts';

// FPU_STRESS=k multiplies the case counts (and FPU_SEED changes the seed) for longer runs.
const STRESS = Number(process.env.FPU_STRESS ?? 1);
vi.setConfig({ testTimeout: 60000 * STRESS });
// mulberry32
let seed = Number(process.env.FPU_SEED ?? 0x2545f491) | 0;
function r32(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) | 0;
}
const rn = (n: number) => (r32() >>> 0) % n;

const f64 = (hi: number, lo: number) => fp.bitsToF64(lo, hi);
const hexD = (x: number) => {
  const lo = fp.f64ToBits(x);
  return (fp.fpResult.hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
};
const hexS = (b: number) => (b >>> 0).toString(16).padStart(8, '0');

/** 52-bit significand field as [hi20, lo32] with a random pattern. */
function mant52(): [number, number] {
  const k = rn(53);
  switch (rn(7)) {
    case 0: case 1: return [r32() & 0xfffff, r32()];
    case 2: { // trailing zeros
      const hi = r32() & 0xfffff, lo = r32();
      return k >= 32 ? [hi & ~((1 << (k - 32)) - 1), 0] : [hi, k === 0 ? lo : lo & ~((2 ** k - 1) | 0)];
    }
    case 3: // low ones
      return k >= 32 ? [(1 << (k - 32)) - 1 & 0xfffff, -1] : [0, (2 ** k - 1) | 0];
    case 4: // high ones, low zeros
      return k >= 32 ? [0xfffff & ~((1 << (k - 32)) - 1), 0] : [0xfffff, ~((2 ** k - 1) | 0)];
    case 5: { // random with low ones
      const hi = r32() & 0xfffff, lo = r32();
      return k >= 32 ? [hi | ((1 << (k - 32)) - 1), -1] : [hi, lo | ((2 ** k - 1) | 0)];
    }
    default: // sparse
      return k >= 32 ? [(1 << (k - 32)) & 0xfffff, r32() & 1] : [0, (2 ** k) | 0 | (r32() & 1)];
  }
}
function dExp(be: number): number {
  be = Math.max(0, Math.min(2046, be));
  const [mh, ml] = mant52();
  return f64(((r32() & 1) << 31) | (be << 20) | mh, ml);
}
function expOf(x: number): number {
  return (fp.f64HiWord(x) >>> 20) & 0x7ff;
}
function dRand(): number {
  switch (rn(8)) {
    case 0: return dExp(rn(2047));
    case 1: return dExp(rn(60));
    case 2: return dExp(2046 - rn(60));
    default: return dExp(1023 - 40 + rn(80));
  }
}
function perturb(x: number, k: number): number {
  let lo = fp.f64ToBits(x), hi = fp.fpResult.hi;
  const d = rn(2 * k + 1) - k;
  const nlo = (lo + d) | 0;
  if (d > 0 && nlo >>> 0 < lo >>> 0) hi++;
  if (d < 0 && nlo >>> 0 > lo >>> 0) hi--;
  lo = nlo;
  const r = fp.bitsToF64(lo, hi);
  return r !== r || r === Infinity || r === -Infinity ? x : r;
}
const finite = (x: number) => x - x === 0;
const nonzeroFinite = (x: number) => x !== 0 && finite(x);

function pairD(): [number, number] {
  const a = dRand();
  const ea = expOf(a);
  switch (rn(6)) {
    case 0: return [a, dRand()];
    case 1: return [a, perturb(rn(2) ? a : -a, 4)];
    case 2: return [a, dExp(ea - 50 - rn(8))];
    case 3: return [a, dExp(2046 - ea + 3 - rn(7))];
    case 4: return [a, dExp(1023 - ea - rn(60))];
    default: return [a, dExp(ea + 4 - rn(9))];
  }
}

/** Short significand (top `bits` bits random) times 2^e, as an exact double. */
function shortD(bits: number, e: number): number {
  const m = 2 ** (bits - 1) + rn(2 ** (bits - 1));
  return (rn(2) ? -m : m) * 2 ** (e - bits + 1);
}

function tripleD(): [number, number, number] {
  const [a, b] = pairD();
  const p = a * b;
  const ep = expOf(p);
  switch (rn(10)) {
    case 8: {
      // product just above the fast path's 2^-967 limit, sum just above the subnormal range
      const x = dExp(1023 - 480 - rn(10)), y = dExp(1023 - 480 - rn(10));
      return [x, y, dExp(1 + rn(25))];
    }
    case 0: return [a, b, dRand()];
    case 1: return [a, b, -p];
    case 2: return [a, b, perturb(-p, 3)];
    case 3: return [a, b, dExp(ep + 52 + rn(5))];
    case 4: return [a, b, dExp(ep - 52 - rn(5))];
    case 5: return [a, b, dExp(ep - 10 + rn(20))];
    default: {
      // c on the grid, a*b about half an ulp of c: exact or near midpoints, with and without a
      // product error term
      const ec = rn(2) ? rn(200) - 100 : rn(2046) - 1022;
      const c = shortD(53, ec);
      const u = rn(2) ? shortD(rn(2) ? 20 : 34, -rn(30) - 1) : 0;
      const i = Math.floor((ec - 53) / 2);
      const x = 2 ** i * (1 + u), y = 2 ** (ec - 53 - i) * (1 - u);
      const s = rn(2) ? 1 : -1;
      return [x * s, y, c];
    }
  }
}

function sqrtArg(): number {
  const a = Math.abs(dRand());
  if (rn(2)) {
    const r = Math.abs(shortD(26, rn(1000) - 500));
    return rn(2) ? r * r : perturb(r * r, 2);
  }
  return a;
}

// ---- references ---------------------------------------------------------------------------------

type Res = string;
function run(f: () => string): Res {
  fp.fpFlags.value = 0;
  const r = f();
  return `${r}/${fp.fpFlags.value}`;
}
const ref64 = (f: () => bigint) => run(() => hexD(bits64ToNumber(f())));
const ref32 = (f: () => bigint) => run(() => hexS(bits32ToInt(f())));

function neg(x: XV): XV {
  return { s: x.s ^ 1, m: x.m, e: x.e };
}

describe('f64 fast paths vs exact arithmetic', () => {
  const N = 12000 * STRESS;
  it('add, sub, mul, div', () => {
    const bad: string[] = [];
    let n = 0;
    for (let i = 0; i < N; i++) {
      const [a, b] = pairD();
      if (!nonzeroFinite(a) || !nonzeroFinite(b)) continue;
      const ua = unpack64(a), ub = unpack64(b);
      for (let rm = 0; rm < 5; rm++) {
        const cases: [string, Res, Res][] = [
          ['add', run(() => hexD(fp.add64(a, b, rm))), ref64(() => addX(FMT64, ua, ub, rm))],
          ['sub', run(() => hexD(fp.sub64(a, b, rm))), ref64(() => addX(FMT64, ua, neg(ub), rm))],
          ['mul', run(() => hexD(fp.mul64(a, b, rm))), ref64(() => mulX(FMT64, ua, ub, rm))],
          ['div', run(() => hexD(fp.div64(a, b, rm))), ref64(() => divX(FMT64, ua, ub, rm))],
        ];
        for (const [op, got, want] of cases) {
          n++;
          if (got !== want) bad.push(`${op} rm=${rm} ${hexD(a)} ${hexD(b)}: got ${got} want ${want}`);
        }
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
    expect(n).toBeGreaterThan(N * 15);
  });

  it('fma', () => {
    const bad: string[] = [];
    for (let i = 0; i < 3 * N; i++) {
      const [a, b, c] = tripleD();
      if (!nonzeroFinite(a) || !nonzeroFinite(b) || !nonzeroFinite(c)) continue;
      const ua = unpack64(a), ub = unpack64(b), uc = unpack64(c);
      for (let rm = 0; rm < 5; rm++) {
        const got = run(() => hexD(fp.fma64(a, b, c, rm)));
        const want = ref64(() => fmaX(FMT64, ua, ub, uc, rm));
        if (got !== want) bad.push(`fma rm=${rm} ${hexD(a)} ${hexD(b)} ${hexD(c)}: got ${got} want ${want}`);
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('sqrt', () => {
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const a = sqrtArg();
      if (!nonzeroFinite(a)) continue;
      const ua = unpack64(a);
      for (let rm = 0; rm < 5; rm++) {
        const got = run(() => hexD(fp.sqrt64(a, rm)));
        const want = ref64(() => sqrtX(FMT64, ua, rm));
        if (got !== want) bad.push(`sqrt rm=${rm} ${hexD(a)}: got ${got} want ${want}`);
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

// ---- binary32 ---------------------------------------------------------------------------------------

function sExp(be: number): number {
  be = Math.max(0, Math.min(254, be));
  const k = rn(24);
  let m = r32() & 0x7fffff;
  switch (rn(5)) {
    case 0: m &= ~((1 << k) - 1); break;
    case 1: m |= (1 << k) - 1; break;
    case 2: m = (1 << k) & 0x7fffff; break;
  }
  return ((r32() & 1) << 31) | (be << 23) | m;
}
const sExpOf = (b: number) => (b >>> 23) & 0xff;
function sRand(): number {
  switch (rn(8)) {
    case 0: return sExp(rn(255));
    case 1: return sExp(rn(30));
    case 2: return sExp(254 - rn(30));
    default: return sExp(127 - 20 + rn(40));
  }
}
const sNonzeroFinite = (b: number) => (b & 0x7fffffff) !== 0 && (b & 0x7f800000) !== 0x7f800000;
function pairS(): [number, number] {
  const a = sRand();
  const ea = sExpOf(a);
  switch (rn(6)) {
    case 0: return [a, sRand()];
    case 1: return [a, ((a ^ (rn(2) << 31)) + rn(9) - 4) | 0];
    case 2: return [a, sExp(ea - 21 - rn(8))];
    case 3: return [a, sExp(254 - ea + 3 - rn(7))];
    case 4: return [a, sExp(127 - ea - rn(30))];
    default: return [a, sExp(ea + 4 - rn(9))];
  }
}
function tripleS(): [number, number, number] {
  const [a, b] = pairS();
  const p = fp.mul32(a, b, 0);
  const ep = sExpOf(p);
  switch (rn(8)) {
    case 0: return [a, b, sRand()];
    case 1: return [a, b, p ^ 0x80000000];
    case 2: return [a, b, ((p ^ 0x80000000) + rn(7) - 3) | 0];
    case 3: return [a, b, sExp(ep + 23 + rn(5))];
    case 4: return [a, b, sExp(ep - 23 - rn(5))];
    case 5: return [a, b, sExp(ep - 10 + rn(20))];
    default: {
      // a*b about half an ulp of c (see tripleD)
      const ec = rn(2) ? 127 - 30 + rn(60) : 1 + rn(253);
      const c = sExp(ec);
      const eh = ec - 127 - 24, i = Math.floor(eh / 2);
      const u = rn(3) === 0 ? 0 : Math.fround(shortD(rn(2) ? 8 : 14, -rn(10) - 1));
      const x = Math.fround(2 ** i * (rn(2) ? 1 + u : -1 - u)), y = Math.fround(2 ** (eh - i) * (1 - u));
      return [fp.f64ToF32(x, 0), fp.f64ToF32(y, 0), c];
    }
  }
}

describe('f32 vs exact arithmetic', () => {
  const N = 12000 * STRESS;
  it('add, sub, mul, div, sqrt, fma', () => {
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const [a, b] = pairS();
      const [x, y, z] = tripleS();
      const okAB = sNonzeroFinite(a) && sNonzeroFinite(b);
      const okXYZ = sNonzeroFinite(x) && sNonzeroFinite(y) && sNonzeroFinite(z);
      const ua = unpack32(a), ub = unpack32(b);
      for (let rm = 0; rm < 5; rm++) {
        const cases: [string, Res, Res][] = [];
        if (okAB) {
          cases.push(
            ['add', run(() => hexS(fp.add32(a, b, rm))), ref32(() => addX(FMT32, ua, ub, rm))],
            ['sub', run(() => hexS(fp.sub32(a, b, rm))), ref32(() => addX(FMT32, ua, neg(ub), rm))],
            ['mul', run(() => hexS(fp.mul32(a, b, rm))), ref32(() => mulX(FMT32, ua, ub, rm))],
            ['div', run(() => hexS(fp.div32(a, b, rm))), ref32(() => divX(FMT32, ua, ub, rm))],
          );
          const aa = a & 0x7fffffff;
          cases.push(['sqrt', run(() => hexS(fp.sqrt32(aa, rm))), ref32(() => sqrtX(FMT32, unpack32(aa), rm))]);
        }
        if (okXYZ) {
          cases.push([
            'fma',
            run(() => hexS(fp.fma32(x, y, z, rm))),
            ref32(() => fmaX(FMT32, unpack32(x), unpack32(y), unpack32(z), rm)),
          ]);
        }
        for (const [op, got, want] of cases) {
          if (got !== want) bad.push(`${op} rm=${rm} ${hexS(a)} ${hexS(b)} / ${hexS(x)} ${hexS(y)} ${hexS(z)}: got ${got} want ${want}`);
        }
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('f64 -> f32 narrowing', () => {
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      let x = rn(4) === 0 ? dRand() : dExp(1023 - 160 + rn(320));
      if (rn(2)) {
        // put the 29 dropped bits at or near a midpoint
        const lo = (fp.f64ToBits(x) & ~0x1fffffff) | 0x10000000;
        x = perturb(fp.bitsToF64(lo, fp.fpResult.hi), 1);
      }
      if (!nonzeroFinite(x)) continue;
      const ux = unpack64(x);
      for (let rm = 0; rm < 5; rm++) {
        const got = run(() => hexS(fp.f64ToF32(x, rm)));
        const want = ref32(() => roundXV(FMT32, ux, rm));
        if (got !== want) bad.push(`f64ToF32 rm=${rm} ${hexD(x)}: got ${got} want ${want}`);
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

describe('int64 -> float vs exact arithmetic', () => {
  it('i64/u64 to f64 and f32', () => {
    const bad: string[] = [];
    for (let i = 0; i < 20000 * STRESS; i++) {
      let hi = r32(), lo = r32();
      const sh = rn(64);
      if (sh >= 32) { lo = hi >> (sh - 32); hi = hi >> 31; } else if (sh > 0) { lo = (lo >>> sh) | (hi << (32 - sh)); hi >>= sh; }
      if (rn(2)) { // near a midpoint of f64 or f32 spacing
        const k = rn(40);
        lo = k < 32 ? (lo & ~((2 ** k - 1) | 0)) | (k ? 1 << (k - 1) : 0) : lo;
        if (rn(2)) lo = (lo + rn(3) - 1) | 0;
      }
      const sv = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
      const uv = BigInt.asUintN(64, sv);
      for (let rm = 0; rm < 5; rm++) {
        const cases: [string, Res, Res][] = [
          ['i64->f64', run(() => hexD(fp.i64ToF64(lo, hi, rm))), ref64(() => roundXV(FMT64, xvOf(sv), rm))],
          ['u64->f64', run(() => hexD(fp.u64ToF64(lo, hi, rm))), ref64(() => roundXV(FMT64, xvOf(uv), rm))],
          ['i64->f32', run(() => hexS(fp.i64ToF32(lo, hi, rm))), ref32(() => roundXV(FMT32, xvOf(sv), rm))],
          ['u64->f32', run(() => hexS(fp.u64ToF32(lo, hi, rm))), ref32(() => roundXV(FMT32, xvOf(uv), rm))],
        ];
        for (const [op, got, want] of cases) if (got !== want) bad.push(`${op} rm=${rm} ${sv}: got ${got} want ${want}`);
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

function xvOf(v: bigint): XV {
  return v < 0n ? { s: 1, m: -v, e: 0 } : { s: 0, m: v, e: 0 };
}
